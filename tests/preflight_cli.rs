//! Output paths are checked before the first device is contacted: a mistyped report path
//! stops the run at once with exit 3, naming the path and why, and no device is touched.

use std::fs;

use crate::sim_fleet::{fleetlic, healthy, Served};
use crate::util::scratch;

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn an_unwritable_report_path_stops_the_run_before_any_device_is_contacted() {
    let dir = scratch("preflight-missing");
    let served = Served::start(vec![healthy("xe1"), healthy("xe2")]);
    // accept-new would record the key of any device contacted: an empty known_hosts after the
    // run shows that none was.
    let inv = served.inventory(&dir, "", "accept-new", "");
    let missing = dir.join("missing");
    let (ok_json, prom, history) = (
        dir.join("ok.json"),
        dir.join("f.prom"),
        dir.join("history.db"),
    );
    let run = fleetlic(&[
        "audit",
        "--inventory",
        path(&inv),
        "--json",
        path(&ok_json),
        "--prom",
        path(&prom),
        "--history",
        path(&history),
        "--csv",
        path(&missing.join("f.csv")),
    ]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "--csv {}: directory {} does not exist",
            missing.join("f.csv").display(),
            missing.display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.join("known_hosts")).expect("known_hosts"),
        "",
        "no device was contacted"
    );
    for written in [&ok_json, &prom, &history] {
        assert!(!written.exists(), "{} written", written.display());
    }
    assert!(!run.stderr.contains("collected"), "{}", run.stderr);
}

#[test]
fn a_report_path_under_a_file_or_a_read_only_directory_stops_the_run_with_exit_3() {
    let dir = scratch("preflight-ro");
    let plain = dir.join("plain");
    fs::write(&plain, "").expect("file");
    let run = crate::util::audit_fleet(&["--json", path(&plain.join("r.json"))]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("{} is not a directory", plain.display())),
        "{}",
        run.stderr
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.join("ro");
        fs::create_dir(&ro).expect("mkdir");
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).expect("chmod");
        if fs::write(ro.join("probe"), "").is_ok() {
            eprintln!("note: running as root, a read-only mode does not stop writes; skipped");
            return;
        }
        let run = crate::util::audit_fleet(&["--csv-devices", path(&ro.join("d.csv"))]);
        assert_eq!(run.code, 3, "{}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("directory {} is not writable", ro.display())),
            "{}",
            run.stderr
        );
    }
}
