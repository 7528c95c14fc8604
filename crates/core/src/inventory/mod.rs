//! The inventory: which devices to audit and how to reach them, read from a TOML file (or a CSV
//! file plus a `--defaults` TOML) and resolved into [`Target`]s.
//!
//! The keys are a user-facing contract (ARCHITECTURE.md § Contracts, "Inventory keys (TOML)"):
//! `[defaults]`, `[[group]]` (`name` + any device key) and `[[device]]` sections; a device
//! inherits from its group, which inherits from the defaults. Credentials are never in the file:
//! only the *names* of environment variables (`password_env`, `passphrase_env`,
//! `enable_password_env`, `jump_password_env`) or paths (`password_file`, `key_file`,
//! `jump_key_file`), or `agent = true`. They are resolved at load time through an [`Env`], so
//! tests never touch the real environment, and end up only in [`Secret`](crate::secret::Secret)s.
//! A credential file that the group or other users may access is refused, as OpenSSH does.
//!
//! A bad inventory is reported whole: every problem, one per line, as
//! `file:line: device "name": field: what is wrong` ([`InventoryErrors`]).
//!
//! Problems come in two kinds. Those of the file itself (syntax, types, unknown keys, secrets
//! written in clear, missing required keys, conflicting sources) stop the run. Those of one
//! device's credentials as found on this machine (its key file missing or readable by others,
//! its password variable unset or empty, its password file unreadable) leave that device
//! [`Unusable`]: it is reported `collection.config_error` and the rest of the fleet is
//! audited, unless the caller asks for [`Inventory::strict`] (`--strict-inventory`).

mod csv_source;
mod keys;
mod resolve;
mod toml_source;

#[cfg(test)]
mod malformed_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::device::AuditKeys;
use crate::target::Target;

/// A loaded inventory: every device in file order, usable or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// The devices, in inventory order.
    pub entries: Vec<Entry>,
}

/// One device of an inventory.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // Nearly every entry is a target: boxing would cost more.
pub enum Entry {
    /// Ready to collect.
    Target(Target),
    /// Its credentials could not be read on this machine; not to be contacted.
    Unusable(Unusable),
}

/// A device whose credentials could not be read: what the reports need of it, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// Inventory name.
    pub name: String,
    /// Host as configured.
    pub host: String,
    /// SSH port.
    pub port: u16,
    /// Platform, when the inventory says.
    pub platform: Option<fleetlic_parsers::Platform>,
    /// Inventory audit keys.
    pub keys: AuditKeys,
    /// The problems, each naming the inventory's `file:line`.
    pub problems: Vec<InventoryError>,
}

impl Unusable {
    /// The problems as one line (`file:line: scope: field: problem; ...`).
    pub fn reason(&self) -> String {
        let lines: Vec<String> = self.problems.iter().map(ToString::to_string).collect();
        lines.join("; ")
    }

    /// The device's record as the reports and `--save-raw` show it: not collected, status
    /// `config_error`, the problems as its error.
    pub fn record(&self) -> crate::device::DeviceRecord {
        crate::device::DeviceRecord {
            name: self.name.clone(),
            host: self.host.clone(),
            platform: self.platform,
            collected_at: None,
            status: crate::device::CollectionStatus::ConfigError,
            error: Some(self.reason()),
            keys: self.keys.clone(),
        }
    }
}

impl Inventory {
    /// The devices ready to collect, in order.
    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        self.entries.iter().filter_map(|e| match e {
            Entry::Target(t) => Some(t),
            Entry::Unusable(_) => None,
        })
    }

    /// The devices ready to collect, and the unusable ones with their place in the inventory
    /// (ascending), to be put back among the collected devices there.
    pub fn split(self) -> (Vec<Target>, Vec<(usize, Unusable)>) {
        let mut targets = Vec::new();
        let mut unusable = Vec::new();
        for (i, e) in self.entries.into_iter().enumerate() {
            match e {
                Entry::Target(t) => targets.push(t),
                Entry::Unusable(u) => unusable.push((i, u)),
            }
        }
        (targets, unusable)
    }

    /// Every device as a target, or every problem when any device is unusable (what
    /// `--strict-inventory` asks for, and what a simulated or benchmarked fleet expects).
    pub fn strict(self) -> Result<Vec<Target>, InventoryErrors> {
        let mut targets = Vec::new();
        let mut problems = Vec::new();
        for e in self.entries {
            match e {
                Entry::Target(t) => targets.push(t),
                Entry::Unusable(u) => problems.extend(u.problems),
            }
        }
        if problems.is_empty() {
            Ok(targets)
        } else {
            problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
            problems.dedup();
            Err(InventoryErrors(problems))
        }
    }
}

/// Where variables and files are read from while credentials are resolved.
///
/// [`SystemEnv`] reads the process environment and the file system; [`MemoryEnv`] holds
/// fixed values (tests, dry runs).
pub trait Env {
    /// The value of environment variable `name`, or `None` when it is unset (or not Unicode).
    fn var(&self, name: &str) -> Option<String>;
    /// The whole content of the file at `path`.
    fn read_file(&self, path: &Path) -> std::io::Result<String>;
    /// Whether `path` names an existing regular file.
    fn is_file(&self, path: &Path) -> bool;
    /// The permission bits (`0o777` part of the mode) of the file at `path`, following
    /// symlinks; `None` where the platform has none or the file cannot be examined. Credential
    /// files that other users may access are refused ([`private_file_problem`]).
    fn mode(&self, path: &Path) -> Option<u32>;
}

/// Why a credential file (`password_file`, `key_file`, `jump_key_file`) with permission bits
/// `mode` must not be used, like OpenSSH refuses such private keys: its group or other users may
/// read or write it. `None` when only the owner may.
pub fn private_file_problem(path: &Path, mode: u32) -> Option<String> {
    (mode & 0o077 != 0).then(|| {
        format!(
            "{path} is accessible by other users (mode {mode:04o}): run chmod 600 {path}",
            path = path.display(),
            mode = mode & 0o7777,
        )
    })
}

/// The real process environment and file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemEnv;

impl Env for SystemEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn read_file(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    #[cfg(unix)]
    fn mode(&self, path: &Path) -> Option<u32> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777)
    }

    #[cfg(not(unix))]
    fn mode(&self, _path: &Path) -> Option<u32> {
        None
    }
}

/// An environment held in memory: fixed variables and files.
#[derive(Debug, Clone, Default)]
pub struct MemoryEnv {
    /// Environment variables by name.
    pub vars: BTreeMap<String, String>,
    /// File contents by path (exactly as the inventory's paths resolve).
    pub files: BTreeMap<PathBuf, String>,
    /// Permission bits of files, by path; a file without one has no mode (as off unix).
    pub modes: BTreeMap<PathBuf, u32>,
}

impl MemoryEnv {
    /// An empty environment: no variables, no files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an environment variable.
    pub fn with_var(mut self, name: &str, value: &str) -> Self {
        self.vars.insert(name.to_string(), value.to_string());
        self
    }

    /// Adds a file.
    pub fn with_file(mut self, path: impl Into<PathBuf>, content: &str) -> Self {
        self.files.insert(path.into(), content.to_string());
        self
    }

    /// Gives a file permission bits (e.g. `0o644`), to test the check on credential files.
    pub fn with_mode(mut self, path: impl Into<PathBuf>, mode: u32) -> Self {
        self.modes.insert(path.into(), mode);
        self
    }
}

impl Env for MemoryEnv {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }

    fn read_file(&self, path: &Path) -> std::io::Result<String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    fn mode(&self, path: &Path) -> Option<u32> {
        self.modes.get(path).copied()
    }
}

/// One problem in an inventory, displayed as `file:line: scope: field: problem` (the parts
/// that are known; e.g. `inventory.toml:14: device "core-1": unknown field "hostnme"`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
#[error("{}", self.render())]
pub struct InventoryError {
    /// The file the problem is in (the inventory, or the `--defaults` file).
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// The section: `defaults`, `group "name"` or `device "name"`.
    pub scope: Option<String>,
    /// The key (TOML) or column (CSV) concerned.
    pub field: Option<String>,
    /// What is wrong, and when it helps, what to do instead.
    pub problem: String,
}

impl InventoryError {
    fn render(&self) -> String {
        let mut out = self.path.display().to_string();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
        }
        for part in [&self.scope, &self.field].into_iter().flatten() {
            out.push_str(": ");
            out.push_str(part);
        }
        out.push_str(": ");
        out.push_str(&self.problem);
        out
    }
}

/// Every problem found in an inventory, in file and line order; displayed one per line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_all(.0))]
pub struct InventoryErrors(pub Vec<InventoryError>);

impl InventoryErrors {
    /// The problems as display lines (what the CLI prints).
    pub fn lines(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

fn render_all(errors: &[InventoryError]) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

/// Collects problems while an inventory is read.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub(crate) Vec<InventoryError>);

impl Problems {
    pub(crate) fn push(
        &mut self,
        path: &Path,
        line: Option<usize>,
        scope: Option<&str>,
        field: Option<&str>,
        problem: impl Into<String>,
    ) {
        self.0.push(InventoryError {
            path: path.to_path_buf(),
            line,
            scope: scope.map(str::to_string),
            field: field.map(str::to_string),
            problem: problem.into(),
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorted by file then line (stable, so problems on one line keep their order), duplicates
    /// (an inherited setting wrong for every device) reported once.
    pub(crate) fn finish(self) -> InventoryErrors {
        let mut all = self.0;
        all.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let mut seen = std::collections::BTreeSet::new();
        all.retain(|e| seen.insert(e.clone()));
        InventoryErrors(all)
    }
}

/// Reports the first control character of `text` (other than tab and line ends), the mark of
/// a binary or corrupted file, at its line and byte; true when there is none.
pub(crate) fn check_text(path: &Path, text: &str, problems: &mut Problems) -> bool {
    let found = text
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    let Some((at, c)) = found else {
        return true;
    };
    problems.push(
        path,
        Some(toml_source::line_of(text, at)),
        None,
        None,
        format!(
            "binary data: control character U+{:04X} at byte {at}; an inventory is a text file",
            u32::from(c)
        ),
    );
    false
}

/// The file's bytes as text, or the problem: where the first byte that is not UTF-8 is.
fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, InventoryErrors> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        let mut problems = Problems::default();
        problems.push(
            path,
            Some(line),
            None,
            None,
            format!(
                "not UTF-8 text: byte 0x{:02X} at byte {at}; an inventory is a text file (save \
                 it as UTF-8)",
                bytes.get(at).copied().unwrap_or(0)
            ),
        );
        problems.finish()
    })
}

/// Reads a TOML inventory (`text`, named `path` in messages; relative paths in it resolve
/// against `path`'s directory) and resolves every device, or reports every problem.
pub fn load_toml(path: &Path, text: &str, env: &dyn Env) -> Result<Inventory, InventoryErrors> {
    toml_source::load(path, text, env)
}

/// Reads a CSV inventory (`name,host,port,platform,group` header; `port`, `platform`, `group`
/// may be empty) whose devices take every other setting from `defaults`, a TOML file (path for
/// messages, text) with `[defaults]` and optional `[[group]]` sections.
pub fn load_csv(
    path: &Path,
    text: &str,
    defaults: Option<(&Path, &str)>,
    env: &dyn Env,
) -> Result<Inventory, InventoryErrors> {
    csv_source::load(path, text, defaults, env)
}

/// Reads the inventory file at `path` (CSV when it ends in `.csv`, else TOML) and, for a CSV
/// inventory, the `--defaults` file, resolving credentials from the real environment.
pub fn load(path: &Path, defaults: Option<&Path>) -> Result<Inventory, InventoryErrors> {
    let read = |p: &Path| {
        let bytes = std::fs::read(p).map_err(|e| {
            let mut problems = Problems::default();
            problems.push(p, None, None, None, format!("cannot read: {e}"));
            problems.finish()
        })?;
        utf8(p, bytes)
    };
    let text = read(path)?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let defaults_text = defaults.map(read).transpose()?;
        let defaults = defaults.zip(defaults_text.as_deref());
        load_csv(path, &text, defaults, &SystemEnv)
    } else if let Some(d) = defaults {
        let mut problems = Problems::default();
        problems.push(
            d,
            None,
            None,
            None,
            "--defaults goes with a CSV inventory; put [defaults] in the TOML inventory instead",
        );
        Err(problems.finish())
    } else {
        load_toml(path, &text, &SystemEnv)
    }
}
