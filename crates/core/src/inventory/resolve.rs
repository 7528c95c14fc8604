//! Sections (defaults, groups, devices) as checked settings, and their merge into a [`Target`]:
//! device over group over defaults, credentials read through the [`Env`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::keys::{JumpSpec, Val, CREDENTIAL_KEYS, JUMP_CREDENTIAL_KEYS};
use super::{private_file_problem, Entry, Env, Inventory, InventoryErrors, Problems, Unusable};
use crate::device::AuditKeys;
use crate::secret::Secret;
use crate::target::{Credential, HostKeyCheck, Jump, SessionMode, Target};

/// Default `connect_timeout_s`.
pub(crate) const CONNECT_TIMEOUT_S: u64 = 10;
/// Default `command_timeout_s`.
pub(crate) const COMMAND_TIMEOUT_S: u64 = 60;
/// Default `device_timeout_s`.
pub(crate) const DEVICE_TIMEOUT_S: u64 = 300;

/// Where a setting (or a section) was written.
#[derive(Debug, Clone)]
pub(crate) struct Origin<'a> {
    pub(crate) file: &'a Path,
    pub(crate) line: usize,
    /// `defaults`, `group "x"`, `device "y"`; `None` for a CSV row (the line says which).
    pub(crate) scope: Option<String>,
}

impl Origin<'_> {
    fn report(&self, problems: &mut Problems, field: Option<&str>, problem: impl Into<String>) {
        problems.push(
            self.file,
            Some(self.line),
            self.scope.as_deref(),
            field,
            problem,
        );
    }
}

/// One key's value where it was written; `val` is `None` when it was invalid (and reported).
#[derive(Debug, Clone)]
pub(crate) struct Setting<'a> {
    pub(crate) key: &'static str,
    pub(crate) val: Option<Val>,
    pub(crate) origin: Origin<'a>,
}

/// One section's settings.
#[derive(Debug, Clone)]
pub(crate) struct Layer<'a> {
    pub(crate) settings: BTreeMap<&'static str, Setting<'a>>,
    /// The section header (`[[device]]` line, CSV row).
    pub(crate) origin: Origin<'a>,
    /// Two credential sources here (reported).
    cred_conflict: bool,
    /// Two jump credential sources here (reported).
    jump_cred_conflict: bool,
}

impl<'a> Layer<'a> {
    /// An empty section written at `origin`.
    pub(crate) fn new(origin: Origin<'a>) -> Self {
        Self {
            settings: BTreeMap::new(),
            origin,
            cred_conflict: false,
            jump_cred_conflict: false,
        }
    }

    /// Records `key` (checked as `val`) written at `line`, reporting a bad value.
    pub(crate) fn insert(
        &mut self,
        key: &'static str,
        val: Result<Val, String>,
        origin: Origin<'a>,
        problems: &mut Problems,
    ) {
        let val = match val {
            Ok(v) => Some(v),
            Err(why) => {
                origin.report(problems, Some(key), why);
                None
            }
        };
        self.settings.insert(key, Setting { key, val, origin });
    }

    /// The string value of `key`, if set and valid.
    pub(crate) fn str(&self, key: &str) -> Option<&str> {
        match self.settings.get(key).and_then(|s| s.val.as_ref()) {
            Some(Val::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// Checks the section as a whole once its keys are in: one credential source at most, and
    /// `passphrase_env` only with `key_file`.
    pub(crate) fn finish(&mut self, problems: &mut Problems) {
        let sources = self.sources(CREDENTIAL_KEYS);
        if let [first, second, ..] = sources.as_slice() {
            if let Some(s) = self.settings.get(*second) {
                s.origin.report(
                    problems,
                    Some(second),
                    format!("two credential sources ({first} and {second}); give exactly one"),
                );
            }
            self.cred_conflict = true;
        }
        if let Some(s) = self.settings.get("passphrase_env") {
            if !self.settings.contains_key("key_file") {
                s.origin.report(
                    problems,
                    Some("passphrase_env"),
                    "goes with key_file in the same section",
                );
            }
        }
        let jump_sources = self.sources(JUMP_CREDENTIAL_KEYS);
        if let [first, second, ..] = jump_sources.as_slice() {
            if let Some(s) = self.settings.get(*second) {
                s.origin.report(
                    problems,
                    Some(second),
                    format!("two jump credential sources ({first} and {second}); give exactly one"),
                );
            }
            self.jump_cred_conflict = true;
        }
    }

    /// Which of `keys` this section sets, in line order (`agent = false` is no source).
    fn sources(&self, keys: &[&'static str]) -> Vec<&'static str> {
        let mut found: Vec<(usize, &'static str)> = keys
            .iter()
            .filter_map(|k| {
                let s = self.settings.get(k)?;
                (s.val != Some(Val::Bool(false))).then_some((s.origin.line, *k))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, k)| k).collect()
    }

    fn has_source(&self, keys: &[&'static str], conflict: bool) -> bool {
        conflict || !self.sources(keys).is_empty()
    }
}

/// The groups by name, with where they were defined (for "unknown group" messages).
pub(crate) type Groups<'a> = BTreeMap<String, Layer<'a>>;

/// Resolves every device of an inventory source: every device, usable or not, when the file
/// itself is sound; else every problem found (those already in `problems`, and the devices'
/// credential problems, included).
pub(crate) fn resolve_all(
    devices: &[(String, Layer<'_>)],
    groups: &Groups<'_>,
    defaults: Option<&Layer<'_>>,
    env: &dyn Env,
    mut problems: Problems,
) -> Result<Inventory, InventoryErrors> {
    let entries: Vec<Entry> = devices
        .iter()
        .filter_map(|(name, device)| resolve(name, device, groups, defaults, env, &mut problems))
        .collect();
    if problems.is_empty() {
        return Ok(Inventory { entries });
    }
    for e in entries {
        if let Entry::Unusable(u) = e {
            problems.0.extend(u.problems);
        }
    }
    Err(problems.finish())
}

/// Merges a device with its group and the defaults, reads its credentials, and builds the
/// target. A problem of the file is reported in `problems` (and gives `None`); a problem of
/// the device's credentials on this machine makes it [`Entry::Unusable`].
pub(crate) fn resolve(
    name: &str,
    device: &Layer<'_>,
    groups: &Groups<'_>,
    defaults: Option<&Layer<'_>>,
    env: &dyn Env,
    problems: &mut Problems,
) -> Option<Entry> {
    let before = problems.len();
    // Credential problems (files, variables): this device's only.
    let mut deferred = Problems::default();
    let scope = format!("device \"{name}\"");
    let here = |problems: &mut Problems, field: Option<&str>, why: String| {
        problems.push(
            device.origin.file,
            Some(device.origin.line),
            Some(&scope),
            field,
            why,
        );
    };

    // The group (set on the device, or for everyone in the defaults).
    let group_setting = device
        .settings
        .get("group")
        .or_else(|| defaults.and_then(|d| d.settings.get("group")));
    let mut group_name = None;
    let mut group = None;
    if let Some(Setting {
        val: Some(Val::Str(g)),
        origin,
        ..
    }) = group_setting
    {
        group_name = Some(g.clone());
        match groups.get(g) {
            Some(layer) => group = Some(layer),
            None => {
                let known: Vec<&str> = groups.keys().map(String::as_str).collect();
                let hint = if known.is_empty() {
                    "there are no [[group]] sections".to_string()
                } else {
                    format!("groups: {}", known.join(", "))
                };
                origin.report(
                    problems,
                    Some("group"),
                    format!("no [[group]] named \"{g}\" ({hint})"),
                );
            }
        }
    }
    let layers: Vec<&Layer<'_>> = [Some(device), group, defaults]
        .into_iter()
        .flatten()
        .collect();
    let find = |key: &str| layers.iter().find_map(|l| l.settings.get(key));
    // `Some(None)`: set but invalid (already reported).
    let val = |key: &str| find(key).map(|s| s.val.as_ref());

    let required = |key: &str, problems: &mut Problems| -> Option<String> {
        match val(key) {
            None => {
                here(
                    problems,
                    Some(key),
                    "missing (set it on the device, its group or in [defaults])".into(),
                );
                None
            }
            Some(Some(Val::Str(s))) => Some(s.clone()),
            Some(_) => None,
        }
    };
    let host = required("host", problems);
    let username = required("username", problems);

    let port = match val("port") {
        Some(Some(Val::Port(p))) => *p,
        _ => 22,
    };
    let platform = match val("platform") {
        Some(Some(Val::Platform(p))) => *p,
        _ => None,
    };
    let mode = match val("transport") {
        Some(Some(Val::Mode(m))) => *m,
        _ => SessionMode::Shell,
    };
    let host_key_check = match val("host_key_check") {
        Some(Some(Val::HostKey(h))) => *h,
        _ => HostKeyCheck::Strict,
    };
    let secs = |key: &str, default: u64| match val(key) {
        Some(Some(Val::Secs(s))) => Duration::from_secs(*s),
        _ => Duration::from_secs(default),
    };
    let flag = |key: &str| matches!(val(key), Some(Some(Val::Bool(true))));
    let text = |key: &str| match val(key) {
        Some(Some(Val::Str(s))) => Some(s.clone()),
        _ => None,
    };
    let path = |key: &str| {
        let s = find(key)?;
        match &s.val {
            Some(Val::Str(p)) => Some(resolve_path(p, s.origin.file, env)),
            _ => None,
        }
    };

    // Credentials: the most specific section that names a source decides.
    let cred_layer = layers
        .iter()
        .find(|l| l.has_source(CREDENTIAL_KEYS, l.cred_conflict));
    let credential = match cred_layer {
        None => {
            here(
                problems,
                None,
                "no credential: give password_env, password_file, key_file or agent = true \
                 (on the device, its group or in [defaults])"
                    .into(),
            );
            None
        }
        Some(l) if l.cred_conflict => None,
        Some(l) => read_credential(
            l,
            ["password_env", "password_file", "key_file"],
            true,
            env,
            &mut deferred,
        ),
    };
    let enable_password =
        find("enable_password_env").and_then(|s| secret_env(s, env, &mut deferred));

    let jump = match find("jump") {
        Some(Setting {
            val: Some(Val::Jump(Some(spec))),
            ..
        }) => {
            let jl = layers
                .iter()
                .find(|l| l.has_source(JUMP_CREDENTIAL_KEYS, l.jump_cred_conflict));
            let jump_credential = match jl {
                None => credential.clone(),
                Some(l) if l.jump_cred_conflict => None,
                Some(l) => read_credential(
                    l,
                    ["jump_password_env", "", "jump_key_file"],
                    false,
                    env,
                    &mut deferred,
                ),
            };
            let JumpSpec {
                username,
                host,
                port,
            } = spec.clone();
            jump_credential.map(|credential| {
                Some(Jump {
                    username,
                    host,
                    port,
                    credential,
                })
            })
        }
        _ => Some(None),
    };

    let keys = AuditKeys {
        vrf: text("vrf"),
        onprem_servers: match val("onprem_servers") {
            Some(Some(Val::List(l))) => l.clone(),
            _ => Vec::new(),
        },
        smart_account: text("smart_account"),
        virtual_account: text("virtual_account"),
        timezone: text("timezone"),
        expected_hostname: text("expected_hostname"),
        identity_check: match val("identity_check") {
            Some(Some(Val::Bool(b))) => Some(*b),
            _ => None,
        },
    };
    if problems.len() != before {
        return None;
    }
    let (host, username) = (host?, username?);
    if !deferred.is_empty() {
        return Some(Entry::Unusable(Unusable {
            name: name.to_string(),
            host,
            port,
            platform,
            keys,
            problems: deferred.finish().0,
        }));
    }
    let target = Target {
        name: name.to_string(),
        host,
        port,
        platform,
        group: group_name,
        username,
        credential: credential?,
        enable_password,
        mode,
        connect_timeout: secs("connect_timeout_s", CONNECT_TIMEOUT_S),
        command_timeout: secs("command_timeout_s", COMMAND_TIMEOUT_S),
        device_timeout: secs("device_timeout_s", DEVICE_TIMEOUT_S),
        max_output: crate::ssh::channel::DEFAULT_MAX_OUTPUT,
        legacy_algorithms: flag("legacy_algorithms"),
        host_key_check,
        known_hosts: path("known_hosts"),
        jump: jump?,
        keys,
    };
    Some(Entry::Target(target))
}

/// The credential a section names: `[password env key, password file key, key file key]`
/// (an empty name is a source this kind of credential does not have); `device` adds
/// `agent` and `passphrase_env`.
fn read_credential(
    layer: &Layer<'_>,
    [env_key, file_key, key_key]: [&str; 3],
    device: bool,
    env: &dyn Env,
    problems: &mut Problems,
) -> Option<Credential> {
    let get = |k: &str| layer.settings.get(k);
    if let Some(s) = get(env_key) {
        return secret_env(s, env, problems).map(Credential::Password);
    }
    if let Some(s) = get(file_key) {
        let Some(Val::Str(p)) = &s.val else {
            return None;
        };
        let path = resolve_path(p, s.origin.file, env);
        if let Some(why) = env.mode(&path).and_then(|m| private_file_problem(&path, m)) {
            s.origin.report(problems, Some(file_key), why);
            return None;
        }
        return match env.read_file(&path) {
            Ok(content) => {
                let first = content.lines().next().unwrap_or("").trim();
                if first.is_empty() {
                    s.origin.report(
                        problems,
                        Some(file_key),
                        format!("{}: the first line is empty", path.display()),
                    );
                    None
                } else {
                    Some(Credential::Password(Secret::new(first)))
                }
            }
            Err(e) => {
                s.origin.report(
                    problems,
                    Some(file_key),
                    format!("cannot read {}: {e}", path.display()),
                );
                None
            }
        };
    }
    if let Some(s) = get(key_key) {
        let Some(Val::Str(p)) = &s.val else {
            return None;
        };
        let path = resolve_path(p, s.origin.file, env);
        if !env.is_file(&path) {
            s.origin.report(
                problems,
                Some(key_key),
                format!("{}: no such file", path.display()),
            );
            return None;
        }
        if let Some(why) = env.mode(&path).and_then(|m| private_file_problem(&path, m)) {
            s.origin.report(problems, Some(key_key), why);
            return None;
        }
        let passphrase = match (device, get("passphrase_env")) {
            (true, Some(pe)) => Some(secret_env(pe, env, problems)?),
            _ => None,
        };
        return Some(Credential::Key { path, passphrase });
    }
    if device {
        if let Some(s) = get("agent") {
            if s.val != Some(Val::Bool(true)) {
                return None;
            }
            if !env.var("SSH_AUTH_SOCK").is_some_and(|v| !v.is_empty()) {
                s.origin.report(
                    problems,
                    Some("agent"),
                    "SSH_AUTH_SOCK is not set: no ssh-agent to ask",
                );
                return None;
            }
            return Some(Credential::Agent);
        }
    }
    None
}

/// The secret held by the environment variable a `*_env` setting names; an unset or empty
/// variable is reported (by name, never by value).
fn secret_env(setting: &Setting<'_>, env: &dyn Env, problems: &mut Problems) -> Option<Secret> {
    let Some(Val::Str(var)) = &setting.val else {
        return None;
    };
    match env.var(var) {
        Some(v) if !v.is_empty() => Some(Secret::new(v)),
        _ => {
            setting.origin.report(
                problems,
                Some(setting.key),
                format!("environment variable {var} is not set (or empty)"),
            );
            None
        }
    }
}

/// `~/x` from `HOME`; a relative path against the directory of the file that wrote it.
fn resolve_path(raw: &str, written_in: &Path, env: &dyn Env) -> PathBuf {
    if raw == "~" || raw.starts_with("~/") {
        if let Some(home) = env.var("HOME").filter(|h| !h.is_empty()) {
            return PathBuf::from(home).join(raw.trim_start_matches('~').trim_start_matches('/'));
        }
    }
    let p = Path::new(raw);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    match written_in.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(p),
        _ => p.to_path_buf(),
    }
}
