//! known_hosts, read once per run and indexed by host name.
//!
//! A fleet's known_hosts has a line per device; reading and parsing the whole file at every
//! login (as russh's helpers do) makes a 10,000-device audit quadratic. Here a file is parsed
//! once into a [`KnownHosts`] index and cached by path; the cache is refreshed when the file's
//! size or modification time changes, and updated in place when fleetlic itself records a key
//! (`host_key_check = "accept-new"`).
//!
//! Format, as OpenSSH writes and reads it: `hosts keytype base64 [comment]`, hosts being a
//! comma-separated list of names (`host`, `[host]:port`), hashed names (`|1|salt|hash`,
//! HMAC-SHA1) or patterns (`*`, `?`, `!negated`). `@revoked` lines name keys to refuse; `@cert-
//! authority` lines are skipped (fleetlic does not use host certificates). Lines that do not
//! parse are skipped, as OpenSSH does.
//!
//! Stricter than OpenSSH on one point: a host that has any key recorded (of any type) and
//! presents a key not recorded is [`Verdict::Changed`]. OpenSSH's `accept-new` only compares
//! keys of the presented type and would append an ed25519 key next to a recorded RSA one, so
//! a man in the middle would only have to offer another key type. A device that really gained
//! a key type is re-recorded by hand, once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use data_encoding::BASE64;
use hmac::{Hmac, KeyInit, Mac};
use russh::keys::PublicKey;
use sha1::Sha1;

/// One usable line: which key, recorded on which line (1-based).
#[derive(Debug, Clone)]
struct Entry {
    line: usize,
    key: PublicKey,
    revoked: bool,
}

/// A host field that is not a plain name: hashed or a pattern list.
#[derive(Debug, Clone)]
enum Matcher {
    /// `|1|salt|hash`.
    Hashed { salt: Vec<u8>, hash: Vec<u8> },
    /// Comma-separated patterns, some maybe negated.
    Patterns(Vec<(bool, String)>),
}

impl Matcher {
    fn matches(&self, name: &str) -> bool {
        match self {
            Matcher::Hashed { salt, hash } => Hmac::<Sha1>::new_from_slice(salt)
                .map(|m| m.chain_update(name.as_bytes()).verify_slice(hash).is_ok())
                .unwrap_or(false),
            Matcher::Patterns(patterns) => {
                let mut hit = false;
                for (negated, pattern) in patterns {
                    if wildcard(pattern, name) {
                        if *negated {
                            return false;
                        }
                        hit = true;
                    }
                }
                hit
            }
        }
    }
}

/// A parsed known_hosts file.
#[derive(Debug, Clone, Default)]
pub struct KnownHosts {
    by_name: HashMap<String, Vec<Entry>>,
    other: Vec<(Matcher, Entry)>,
}

/// What the file says of a host's presented key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A recorded key matches.
    Known,
    /// No key at all is recorded for the host.
    Unknown,
    /// The host has recorded keys (of any type), none of them the presented one; the first is
    /// on this line.
    Changed {
        /// 1-based line of the recorded key.
        line: usize,
    },
    /// The key is marked `@revoked` on this line.
    Revoked {
        /// 1-based line of the `@revoked` entry.
        line: usize,
    },
}

impl KnownHosts {
    /// Parses a known_hosts text; lines that do not parse are skipped.
    pub fn parse(text: &str) -> KnownHosts {
        let mut known = KnownHosts::default();
        for (i, raw) in text.lines().enumerate() {
            known.add_line(i + 1, raw);
        }
        known
    }

    fn add_line(&mut self, line: usize, raw: &str) {
        let raw = raw.trim();
        if raw.is_empty() || raw.starts_with('#') {
            return;
        }
        let mut fields = raw.split_whitespace();
        let mut hosts = fields.next().unwrap_or("");
        let mut revoked = false;
        if let Some(marker) = hosts.strip_prefix('@') {
            match marker {
                "revoked" => revoked = true,
                // Host certificates are not used; a CA line authorises nothing here.
                _ => return,
            }
            hosts = fields.next().unwrap_or("");
        }
        let (Some(_kind), Some(base64)) = (fields.next(), fields.next()) else {
            return;
        };
        let Ok(key) = russh::keys::parse_public_key_base64(base64) else {
            return;
        };
        let entry = Entry { line, key, revoked };
        if let Some(hashed) = hosts.strip_prefix("|1|") {
            let mut parts = hashed.split('|');
            let (Some(Ok(salt)), Some(Ok(hash))) = (
                parts.next().map(|p| BASE64.decode(p.as_bytes())),
                parts.next().map(|p| BASE64.decode(p.as_bytes())),
            ) else {
                return;
            };
            self.other.push((Matcher::Hashed { salt, hash }, entry));
            return;
        }
        let names: Vec<&str> = hosts.split(',').filter(|n| !n.is_empty()).collect();
        let plain = names
            .iter()
            .all(|n| !n.starts_with('!') && !n.contains(['*', '?']));
        if plain {
            for name in names {
                self.by_name
                    .entry(name.to_string())
                    .or_default()
                    .push(entry.clone());
            }
        } else {
            let patterns = names
                .iter()
                .map(|n| match n.strip_prefix('!') {
                    Some(p) => (true, p.to_string()),
                    None => (false, n.to_string()),
                })
                .collect();
            self.other.push((Matcher::Patterns(patterns), entry));
        }
    }

    /// Every entry for `host:port` (`host` on port 22, else `[host]:port`), in file order.
    fn entries(&self, host: &str, port: u16) -> Vec<&Entry> {
        let name = super::transport::known_hosts_name(host, port);
        let mut out: Vec<&Entry> = self.by_name.get(&name).into_iter().flatten().collect();
        out.extend(
            self.other
                .iter()
                .filter(|(m, _)| m.matches(&name))
                .map(|(_, e)| e),
        );
        out.sort_by_key(|e| e.line);
        out
    }

    /// The keys recorded for a host (not revoked ones), to prefer their algorithms.
    pub fn keys(&self, host: &str, port: u16) -> Vec<PublicKey> {
        self.entries(host, port)
            .into_iter()
            .filter(|e| !e.revoked)
            .map(|e| e.key.clone())
            .collect()
    }

    /// Checks a presented key against the entries for `host:port`.
    pub fn check(&self, host: &str, port: u16, key: &PublicKey) -> Verdict {
        let entries = self.entries(host, port);
        if let Some(e) = entries.iter().find(|e| e.revoked && e.key == *key) {
            return Verdict::Revoked { line: e.line };
        }
        let mut recorded = entries.iter().filter(|e| !e.revoked).peekable();
        let Some(first) = recorded.peek().map(|e| e.line) else {
            return Verdict::Unknown;
        };
        if recorded.any(|e| e.key == *key) {
            Verdict::Known
        } else {
            Verdict::Changed { line: first }
        }
    }

    /// Records `name key` as if appended on line `line`.
    fn learn(&mut self, line: usize, name: &str, key: &PublicKey) {
        self.by_name
            .entry(name.to_string())
            .or_default()
            .push(Entry {
                line,
                key: key.clone(),
                revoked: false,
            });
    }
}

/// `*` any run of characters, `?` one character; everything else literal (OpenSSH's match).
fn wildcard(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// A cached file: its size and modification time when read, and the index.
struct Cached {
    stamp: Option<(u64, SystemTime)>,
    known: Arc<KnownHosts>,
}

fn cache() -> &'static Mutex<HashMap<PathBuf, Cached>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Cached>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The parsed file at `path` (empty when it does not exist), from the cache while the file
/// is unchanged.
pub fn load(path: &Path) -> std::io::Result<Arc<KnownHosts>> {
    let now = stamp(path);
    let mut cache = cache().lock().unwrap_or_else(|p| p.into_inner());
    if let Some(c) = cache.get(path) {
        if c.stamp == now {
            return Ok(c.known.clone());
        }
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let known = Arc::new(KnownHosts::parse(&text));
    cache.insert(
        path.to_path_buf(),
        Cached {
            stamp: now,
            known: known.clone(),
        },
    );
    Ok(known)
}

/// Keys [`record`] appended since the process started.
static RECORDED: AtomicUsize = AtomicUsize::new(0);

/// How many host keys this process has recorded (`accept-new`) since it started: a run
/// reports the difference between its start and its end.
pub fn recorded_total() -> usize {
    RECORDED.load(Ordering::Relaxed)
}

/// Appends `name key` to the file (creating it and its directory), OpenSSH style, and
/// updates the cached index in the same step.
pub fn record(path: &Path, name: &str, key: &PublicKey) -> std::io::Result<()> {
    use std::io::Write;
    let mut cache = cache().lock().unwrap_or_else(|p| p.into_inner());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let existing = std::fs::read(path).unwrap_or_default();
    let openssh = key
        .to_openssh()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
    let mut line = String::new();
    if existing.last().is_some_and(|b| *b != b'\n') {
        line.push('\n');
    }
    line.push_str(&format!("{name} {}\n", openssh.trim_end()));
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(line.as_bytes())?;
    RECORDED.fetch_add(1, Ordering::Relaxed);
    let unterminated = !existing.is_empty() && !existing.ends_with(b"\n");
    let new_line = existing.iter().filter(|b| **b == b'\n').count() + 1 + usize::from(unterminated);
    match cache.get_mut(path) {
        Some(c) => {
            let mut known = (*c.known).clone();
            known.learn(new_line, name, key);
            c.known = Arc::new(known);
            c.stamp = stamp(path);
        }
        None => {
            cache.remove(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> PublicKey {
        let mut rng = russh::keys::key::safe_rng();
        russh::keys::PrivateKey::random(&mut rng, russh::keys::Algorithm::Ed25519)
            .expect("key")
            .public_key()
            .clone()
    }

    /// A 2048-bit RSA public key (generating one in a debug build takes seconds).
    const RSA_PUBLIC: &str = "AAAAB3NzaC1yc2EAAAADAQABAAABAQC4Zonp8ZAr0TtyodW4NFrvixFoiE2AHom7mB2+qzkdhqbG0fBSjVzK7L0jdHx2xYrNunILj70MnUefSF/dq5n95kSrUKepl5CkPWpQTsqmbDzz6cCIoXO9Bic2Wcdznnh7X8uD7oioWbWjdjgSozpM2RmJzg3vKsrlOSb8FX194QdZOLwRghG8i/HEuMVsPjz//Mf16a7/nZ9dlgsvB2BhAvA0RtJM/Hi52vLURHXqVe7DrFuImXb1XUxWvW85m+iKND8RE+rQSmUJW+DPXFb42j2nokI/ZeIFNzI665ZU85uo3sjD2jaIcvfccCnGOnKnNJ53BK9/l5zAumtGE4QZ";

    fn rsa() -> PublicKey {
        russh::keys::parse_public_key_base64(RSA_PUBLIC).expect("rsa key")
    }

    fn line(hosts: &str, key: &PublicKey) -> String {
        format!("{hosts} {}\n", key.to_openssh().expect("openssh"))
    }

    fn hashed(name: &str) -> String {
        let salt = b"0123456789abcdefghij";
        let mac = Hmac::<Sha1>::new_from_slice(salt)
            .expect("hmac")
            .chain_update(name.as_bytes())
            .finalize()
            .into_bytes();
        format!("|1|{}|{}", BASE64.encode(salt), BASE64.encode(&mac))
    }

    #[test]
    fn plain_hashed_and_pattern_entries_are_found_by_name_and_port() {
        let (a, b, c, d) = (key(), key(), key(), key());
        let text = [
            "# comment\n".to_string(),
            line("sw1,10.0.0.1", &a),
            line("[sw2]:2222", &b),
            line(&hashed("r3"), &c),
            line("*.lab.example,!bad.lab.example", &d),
            "garbage line\n".into(),
        ]
        .concat();
        let k = KnownHosts::parse(&text);
        assert_eq!(k.check("sw1", 22, &a), Verdict::Known);
        assert_eq!(k.check("10.0.0.1", 22, &a), Verdict::Known);
        assert_eq!(k.check("sw2", 2222, &b), Verdict::Known);
        assert_eq!(k.check("sw2", 22, &b), Verdict::Unknown);
        assert_eq!(k.check("r3", 22, &c), Verdict::Known);
        assert_eq!(k.check("x.lab.example", 22, &d), Verdict::Known);
        assert_eq!(k.check("bad.lab.example", 22, &d), Verdict::Unknown);
        assert_eq!(k.check("sw1", 22, &b), Verdict::Changed { line: 2 });
        assert_eq!(k.keys("sw1", 22), vec![a]);
    }

    #[test]
    fn a_key_of_another_type_than_the_recorded_one_is_a_changed_key() {
        let (recorded, presented) = (rsa(), key());
        let k = KnownHosts::parse(&line("[127.0.0.1]:21005", &recorded));
        assert_eq!(
            k.check("127.0.0.1", 21005, &presented),
            Verdict::Changed { line: 1 }
        );
        assert_eq!(k.check("127.0.0.1", 21005, &recorded), Verdict::Known);
        assert_eq!(k.check("127.0.0.1", 21006, &presented), Verdict::Unknown);
    }

    #[test]
    fn a_host_with_only_a_revoked_key_presenting_another_is_unknown_not_changed() {
        let (revoked, other) = (key(), key());
        let k = KnownHosts::parse(&format!("@revoked {}", line("sw1", &revoked)));
        assert_eq!(k.check("sw1", 22, &other), Verdict::Unknown);
        assert_eq!(k.check("sw1", 22, &revoked), Verdict::Revoked { line: 1 });
    }

    #[test]
    fn a_revoked_key_is_refused_even_when_also_recorded() {
        let a = key();
        let text = [line("sw1", &a), format!("@revoked {}", line("*", &a))].concat();
        let k = KnownHosts::parse(&text);
        assert_eq!(k.check("sw1", 22, &a), Verdict::Revoked { line: 2 });
        assert!(k.keys("sw1", 22).len() == 1);
    }

    #[test]
    fn wildcards_match_like_openssh() {
        assert!(wildcard("*.example", "a.b.example"));
        assert!(wildcard("sw?", "sw1"));
        assert!(!wildcard("sw?", "sw12"));
        assert!(wildcard("*", ""));
        assert!(!wildcard("a*b", "acbd"));
    }

    #[test]
    fn the_cache_follows_file_changes_and_recorded_keys() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("known_hosts");
        let (a, b) = (key(), key());
        assert_eq!(
            load(&path).expect("missing file").check("sw1", 22, &a),
            Verdict::Unknown
        );
        record(&path, "sw1", &a).expect("record");
        assert_eq!(
            load(&path).expect("load").check("sw1", 22, &a),
            Verdict::Known
        );
        record(&path, "[sw2]:2222", &b).expect("record");
        let k = load(&path).expect("load");
        assert_eq!(k.check("sw2", 2222, &b), Verdict::Known);
        assert_eq!(k.check("sw2", 2222, &a), Verdict::Changed { line: 2 });
        // Someone else rewrites the file: the cache notices.
        std::fs::write(&path, line("sw9", &b)).expect("rewrite");
        let k = load(&path).expect("load");
        assert_eq!(k.check("sw1", 22, &a), Verdict::Unknown);
        assert_eq!(k.check("sw9", 22, &b), Verdict::Known);
    }
}
