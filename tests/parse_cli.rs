//! `fleetlic parse`: JSON Lines and text output, platform detection, exit codes.

use serde_json::Value;

use crate::util::{fleetlic, scratch};

#[test]
fn parse_prints_one_json_object_per_file() {
    let run = fleetlic(&[
        "parse",
        "--platform",
        "nxos",
        "--command",
        "show license status",
        "samples/nxos/show_license_status/seed_003_4.txt",
        "samples/nxos/show_license_status/seed_003_5.txt",
    ]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    for key in ["file", "platform", "command", "model", "warnings"] {
        assert!(lines[0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(lines[0]["platform"], "nxos");
    assert_eq!(lines[0]["command"], "show license status");
    assert_eq!(lines[0]["model"]["registration"]["status"], "registered");
    assert_eq!(
        lines[0]["model"]["authorization"]["communication_deadline"],
        "2021-10-14T14:20:58Z"
    );
    assert_eq!(lines[1]["model"]["mode"], "using_policy");
    assert_eq!(
        lines[1]["model"]["usage_reporting"]["next_ack_deadline"],
        "2022-07-16T15:22:31Z"
    );
}

#[test]
fn parse_auto_recognises_ios_xr_and_infers_the_command_from_the_echo() {
    let run = fleetlic(&[
        "parse",
        "samples/iosxr/show_license_register-status/seed_004_1.txt",
    ]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let v: Value = serde_json::from_str(run.stdout.trim()).expect("JSON");
    assert_eq!(v["platform"], "iosxr");
    assert_eq!(v["model"]["registration"]["status"], "registered");
    assert_eq!(
        v["model"]["registration"]["expires"],
        "2015-12-17T21:01:41Z"
    );
    assert_eq!(v["model"]["hostname"], "ROA");
}

#[test]
fn parse_text_format_shows_the_key_facts() {
    let run = fleetlic(&[
        "parse",
        "--format",
        "text",
        "--platform",
        "iosxe",
        "--command",
        "show license all",
        "samples/iosxe/show_license_all/seed_002_1.txt",
    ]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(run.stdout.contains("RegistrationFailed"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Product Already Registered"),
        "{}",
        run.stdout
    );
}

#[test]
fn unsupported_command_output_exits_1_and_says_why() {
    let dir = scratch("unsupported");
    let f = dir.join("out.txt");
    std::fs::write(
        &f,
        "RP/0/RSP0/CPU0:r1#show license platform summary\n                          ^\n% Invalid input detected at '^' marker.\n",
    )
    .expect("write");
    let run = fleetlic(&[
        "parse",
        "--platform",
        "iosxr",
        "--command",
        "show license platform summary",
        f.to_str().unwrap_or_default(),
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not supported"), "{}", run.stderr);
    let v: Value = serde_json::from_str(run.stdout.trim()).expect("JSON");
    assert!(v["model"].is_null());
    assert!(v["error"]
        .as_str()
        .unwrap_or_default()
        .contains("Invalid input"));
}

#[test]
fn usage_errors_exit_3() {
    let bad_platform = fleetlic(&["parse", "--platform", "junos", "x.txt"]);
    assert_eq!(bad_platform.code, 3, "{}", bad_platform.stderr);
    let bad_command = fleetlic(&["parse", "--command", "configure terminal", "x.txt"]);
    assert_eq!(bad_command.code, 3);
    assert!(bad_command.stderr.contains("not an allow-listed command"));
    let missing = fleetlic(&["parse", "--command", "show clock", "does/not/exist.txt"]);
    assert_eq!(missing.code, 3);
    assert!(
        missing.stderr.contains("does/not/exist.txt"),
        "{}",
        missing.stderr
    );
    let no_files = fleetlic(&["parse"]);
    assert_eq!(no_files.code, 3);
}

/// Saved captures named like a test corpus (`show-license-tech-support/<case>.txt`): the
/// command comes from the hyphenated directory name, for the replay-only commands too.
#[test]
fn parse_infers_the_command_from_a_hyphenated_directory() {
    let root = scratch("hyphen-dirs");
    let cases = [
        (
            "show-license-tech-support",
            "samples/iosxe/show_license_tech_support/synth_slp_cslu.txt",
            "show license tech support",
        ),
        (
            "show-license-udi",
            "samples/iosxe/show_license_udi/synth_table_isr.txt",
            "show license udi",
        ),
        (
            "show-call-home-profile-all",
            "samples/iosxe/show_call-home_profile_all/synth_tac_inactive_custom_active.txt",
            "show call-home profile all",
        ),
        (
            "show-call-home-detail",
            "samples/iosxe/show_call-home_detail/synth_email_inactive.txt",
            "show call-home detail",
        ),
    ];
    let mut args = vec!["parse".to_string(), "--platform".into(), "iosxe".into()];
    for (dir, sample, _) in cases {
        let text = std::fs::read(crate::util::repo().join(sample)).expect("sample");
        std::fs::create_dir_all(root.join(dir)).expect("dir");
        let path = root.join(dir).join("golden_output.txt");
        std::fs::write(&path, text).expect("copy");
        args.push(path.to_string_lossy().into_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = fleetlic(&args);
    assert!(
        !run.stderr.contains("cannot tell"),
        "stderr: {}",
        run.stderr
    );
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), cases.len(), "stdout: {}", run.stdout);
    for (v, (_, _, cli)) in lines.iter().zip(cases) {
        assert_eq!(v["command"], cli);
        assert!(v["model"].is_object(), "{v}");
    }
    assert_eq!(lines[0]["model"]["transport"]["kind"], "cslu");
    assert_eq!(lines[1]["model"]["udis"][0]["serial"], "FGL221190AB");
    assert_eq!(lines[3]["model"]["callhome"]["profiles"][1]["name"], "ops");
}

/// `fleetlic parse` of every real-world file (`../shared/realworld/`, outside the repository)
/// of a command fleetlic reads: exit 0, the command inferred from the directory, and no line
/// left not understood. Skipped without the corpus, except in CI, where that is a failure.
#[test]
fn parse_reads_every_realworld_file_of_a_command_it_knows() {
    let corpus = crate::util::repo().join("../shared/realworld/genieparser/iosxe");
    if !corpus.is_dir() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(!ci, "CI: real-world corpus missing at {}", corpus.display());
        eprintln!("skipped: no real-world corpus at {}", corpus.display());
        return;
    }
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&corpus).expect("corpus").flatten() {
        let name = dir.file_name().to_string_lossy().to_string();
        if fleetlic_parsers::Command::from_file_stem(&name).is_none() {
            continue;
        }
        for f in std::fs::read_dir(dir.path()).expect("dir").flatten() {
            if f.path().extension().is_some_and(|e| e == "txt") {
                files.push(f.path().to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    assert!(files.len() >= 40, "only {} files", files.len());
    let mut args = vec!["parse"];
    args.extend(files.iter().map(String::as_str));
    let run = fleetlic(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), files.len());
    assert!(
        !run.stderr.contains("line not understood"),
        "{}",
        run.stderr
    );
    for line in run.stdout.lines() {
        let v: Value = serde_json::from_str(line).expect("JSON line");
        assert!(v["error"].is_null(), "{line}");
        assert_eq!(v["platform"], "iosxe", "{line}");
    }
}
