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

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
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
                    ..AuditKeys::default()
                },
            },
            outputs: vec![(Command::LicensePool, "Assigned Pool Info: CORE\n".into())],
        };
        write(&dir, &collected).expect("write");
        let replayed = crate::replay::load(&dir).expect("replay");
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
    fn hostile_device_names_stay_inside_the_directory() {
        assert_eq!(sanitize("../../etc"), ".._.._etc");
        assert_eq!(sanitize(".."), "_");
        assert_eq!(sanitize("core-1"), "core-1");
    }
}
