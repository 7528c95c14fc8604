//! `--save-raw DIR`: every output a device sent, kept in the layout `--replay` reads
//! (`DIR/<device>/<slug>.txt` + `DIR/<device>/device.toml`), readable by the owner only
//! (directories 0700, files 0600): device outputs name accounts, serials and addresses.

use std::io::Write;
use std::path::Path;

use crate::collect::Collected;
use crate::replay::DeviceToml;

/// Writes one device's outputs and record under `dir/<device>/`, replacing earlier files.
pub fn write(dir: &Path, collected: &Collected) -> std::io::Result<()> {
    let name = sanitize(&collected.record.name);
    let device_dir = dir.join(name);
    create_private_dir(dir)?;
    create_private_dir(&device_dir)?;
    for (command, text) in &collected.outputs {
        write_private(
            &device_dir.join(format!("{}.txt", command.slug())),
            text.as_bytes(),
        )?;
    }
    remove_stale(&device_dir, collected)?;
    let toml =
        toml::to_string(&DeviceToml::of(&collected.record)).map_err(std::io::Error::other)?;
    write_private(&device_dir.join("device.toml"), toml.as_bytes())
}

/// A device name as a single safe path component (`/`, `..` and control characters replaced).
fn sanitize(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    match cleaned.as_str() {
        "" | "." | ".." => "_".to_string(),
        _ => cleaned,
    }
}

/// Creates `dir` 0700, or narrows an existing one to 0700.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    builder.create(dir)
}

/// Writes `bytes` to `path` through a 0600 temporary file in the same directory, renamed
/// into place when complete: a crash or kill never leaves half an output where a whole one was.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    // tempfile creates the file 0600 on unix.
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes `<slug>.txt` files of commands this collection did not produce, so a replay of
/// the directory never mixes an earlier run's output with this run's record. Captures of
/// commands the collector never sends to this platform (`show_license_tech_support.txt`, put
/// there by an engineer) are not this collection's to remove and are left alone.
fn remove_stale(device_dir: &Path, collected: &Collected) -> std::io::Result<()> {
    for entry in std::fs::read_dir(device_dir)? {
        let path = entry?.path();
        let Some(slug) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".txt"))
        else {
            continue;
        };
        let Some(command) = fleetlic_parsers::Command::from_slug(slug) else {
            continue;
        };
        let ours = collected
            .record
            .platform
            .map_or(true, |p| command.collected_live(p));
        if ours && !collected.outputs.iter().any(|(c, _)| *c == command) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use fleetlic_parsers::{Command, Platform};

    use super::*;
    use crate::device::{AuditKeys, CollectionStatus, DeviceRecord};

    #[test]
    fn saved_outputs_replay_to_the_same_device() {
        let dir = std::env::temp_dir().join(format!("fleetlic-save-raw-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let collected = Collected {
            record: DeviceRecord {
                name: "pe1".into(),
                host: "127.0.0.1".into(),
                platform: Some(Platform::IosXr),
                collected_at: Utc.with_ymd_and_hms(2026, 11, 22, 23, 0, 0).single(),
                status: CollectionStatus::Timeout,
                error: Some("device budget of 300 s exceeded".into()),
                keys: AuditKeys {
                    vrf: Some("MGMT".into()),
                    onprem_servers: vec!["ssm.example.net".into()],
                    timezone: Some("Asia/Kolkata".into()),
                    ..AuditKeys::default()
                },
            },
            outputs: vec![(Command::LicensePool, "Assigned Pool Info: CORE\n".into())],
            warnings: Vec::new(),
        };
        write(&dir, &collected).expect("write");
        let replayed = crate::replay::load(&dir, crate::cap::RecordCap::default()).expect("replay");
        assert_eq!(replayed.len(), 1);
        let d = &replayed[0];
        assert_eq!(
            (d.name.as_str(), d.host.as_str(), d.platform),
            ("pe1", "127.0.0.1", Some(Platform::IosXr))
        );
        assert_eq!(d.status, CollectionStatus::Timeout);
        assert_eq!(d.error.as_deref(), Some("device budget of 300 s exceeded"));
        assert_eq!(d.keys, collected.record.keys);
        assert_eq!(d.collected_at, collected.record.collected_at);
        assert_eq!(d.model.assigned_pool.as_deref(), Some("CORE"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| {
                std::fs::metadata(p)
                    .map(|m| m.permissions().mode() & 0o777)
                    .unwrap_or(0)
            };
            assert_eq!(mode(&dir.join("pe1")), 0o700);
            assert_eq!(mode(&dir.join("pe1/show_license_pool.txt")), 0o600);
            assert_eq!(mode(&dir.join("pe1/device.toml")), 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn saving_again_removes_outputs_the_new_run_did_not_collect() {
        let dir = std::env::temp_dir().join(format!("fleetlic-save-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut collected = Collected {
            record: DeviceRecord {
                name: "sw1".into(),
                host: "h".into(),
                platform: Some(Platform::NxOs),
                collected_at: None,
                status: CollectionStatus::Ok,
                error: None,
                keys: AuditKeys::default(),
            },
            outputs: vec![
                (Command::LicenseStatus, "old status\n".into()),
                (Command::LicenseUsage, "old usage\n".into()),
            ],
            warnings: Vec::new(),
        };
        write(&dir, &collected).expect("first run");
        std::fs::write(dir.join("sw1/notes.txt"), "kept").expect("user file");
        std::fs::write(
            dir.join("sw1/show_license_tech_support.txt"),
            "saved by TAC",
        )
        .expect("replay-only capture");
        collected.record.status = CollectionStatus::Timeout;
        collected.outputs = vec![(Command::LicenseStatus, "new status\n".into())];
        write(&dir, &collected).expect("second run");
        let read = |f: &str| std::fs::read_to_string(dir.join("sw1").join(f)).ok();
        assert_eq!(
            read("show_license_status.txt").as_deref(),
            Some("new status\n")
        );
        assert_eq!(read("show_license_usage.txt"), None, "stale output removed");
        assert_eq!(
            read("notes.txt").as_deref(),
            Some("kept"),
            "not ours: left alone"
        );
        assert_eq!(
            read("show_license_tech_support.txt").as_deref(),
            Some("saved by TAC"),
            "a replay-only capture is never collected, so never stale"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.join("sw1"))
            .expect("dir")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary files left");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn hostile_device_names_stay_inside_the_directory() {
        assert_eq!(sanitize("../../etc"), ".._.._etc");
        assert_eq!(sanitize(".."), "_");
        assert_eq!(sanitize("core-1"), "core-1");
    }
}
