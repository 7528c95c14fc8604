//! A table of malformed inventories, TOML and CSV, each written to a real file and read by
//! [`load`] as the CLI reads it: every problem must be reported as `file:line: ...` naming the
//! field, whatever the file holds (wrong types, unknown keys, duplicates, secrets, bad ports and
//! platforms, empty files, binary junk, bytes that are not UTF-8).

use std::path::Path;

use super::*;

/// One malformed inventory and the problems it must produce, in order.
struct Case {
    /// What is wrong, for failure messages.
    what: &'static str,
    /// The inventory's file name (`.csv` makes it a CSV inventory read with [`DEFAULTS`]).
    file: &'static str,
    /// The file's bytes.
    content: &'static [u8],
    /// Per problem: its line and what the message must name (the key or column; for a problem
    /// with the whole file, the words that say what is wrong).
    expect: &'static [(usize, &'static str)],
}

/// The `--defaults` file of the CSV cases (`defaults.toml`, next to them).
const DEFAULTS: &str =
    "[defaults]\nusername = \"audit\"\npassword_file = \"pw\"\n\n[[group]]\nname = \"dc\"\n";

/// A valid device (lines 1-5) that TOML cases extend from line 6.
macro_rules! device {
    ($extra:literal) => {
        concat!(
            "[[device]]\nname = \"r1\"\nhost = \"192.0.2.1\"\nusername = \"audit\"\n",
            "password_file = \"pw\"\n",
            $extra
        )
        .as_bytes()
    };
}

const CASES: &[Case] = &[
    // --- TOML ---
    Case {
        what: "port as a string",
        file: "inventory.toml",
        content: device!("port = \"22\"\n"),
        expect: &[(6, "port: expected an integer 1-65535, found string \"22\": write it without quotes")],
    },
    Case {
        what: "port as a service name",
        file: "inventory.toml",
        content: device!("port = \"ssh\"\n"),
        expect: &[(6, "port: expected an integer")],
    },
    Case {
        what: "timeout as a string",
        file: "inventory.toml",
        content: device!("command_timeout_s = \"30\"\n"),
        expect: &[(6, "command_timeout_s: expected an integer number of seconds, found string \"30\"")],
    },
    Case {
        what: "boolean as an integer",
        file: "inventory.toml",
        content: device!("legacy_algorithms = 1\n"),
        expect: &[(6, "legacy_algorithms: expected true or false, found integer")],
    },
    Case {
        what: "a list as a string",
        file: "inventory.toml",
        content: device!("onprem_servers = \"ssm1\"\n"),
        expect: &[(6, "onprem_servers: expected an array")],
    },
    Case {
        what: "a command-line flag (concurrency, as a string) in [defaults]",
        file: "inventory.toml",
        content: device!("[defaults]\nconcurrency = \"4\"\n"),
        expect: &[(7, "\"concurrency\" is a command-line flag")],
    },
    Case {
        what: "unknown top-level key",
        file: "inventory.toml",
        content: b"usernme = \"audit\"\n[[device]]\nname = \"r1\"\nhost = \"h\"\nusername = \"u\"\npassword_file = \"pw\"\n",
        expect: &[(1, "unknown field \"usernme\"")],
    },
    Case {
        what: "unknown device key",
        file: "inventory.toml",
        content: device!("hostnme = \"192.0.2.9\"\n"),
        expect: &[(6, "unknown field \"hostnme\" (did you mean \"host")],
    },
    Case {
        what: "unknown group key",
        file: "inventory.toml",
        content: device!("[[group]]\nname = \"dc\"\ncolour = \"red\"\n"),
        expect: &[(8, "group \"dc\": unknown field \"colour\"")],
    },
    Case {
        what: "duplicate device names in different groups",
        file: "inventory.toml",
        content: b"[defaults]\nusername = \"u\"\npassword_file = \"pw\"\n[[group]]\nname = \"a\"\n[[group]]\nname = \"b\"\n[[device]]\nname = \"r1\"\nhost = \"h1\"\ngroup = \"a\"\n[[device]]\nhost = \"h2\"\nname = \"r1\"\ngroup = \"b\"\n",
        expect: &[(14, "name: duplicate device name (first at line 8)")],
    },
    Case {
        what: "TOML duplicate key",
        file: "inventory.toml",
        content: device!("host = \"192.0.2.2\"\n"),
        expect: &[(6, "host: duplicate key")],
    },
    Case {
        what: "[defaults] twice",
        file: "inventory.toml",
        content: b"[defaults]\nport = 22\n\n[defaults]\nport = 23\n",
        expect: &[
            (4, "[defaults]: section given twice"),
            (5, "port: duplicate key"),
        ],
    },
    Case {
        what: "no credential anywhere",
        file: "inventory.toml",
        content: b"[defaults]\nusername = \"u\"\n\n[[device]]\nname = \"r1\"\nhost = \"h\"\n",
        expect: &[(4, "device \"r1\": no credential: give password_env")],
    },
    Case {
        what: "password in clear",
        file: "inventory.toml",
        content: b"[defaults]\nusername = \"u\"\npassword = \"hunter2\"\n[[device]]\nname = \"r1\"\nhost = \"h\"\npassword_file = \"pw\"\n",
        expect: &[(3, "\"password\": secrets never go in the inventory")],
    },
    Case {
        what: "port 0",
        file: "inventory.toml",
        content: device!("port = 0\n"),
        expect: &[(6, "port: must be 1-65535, got 0")],
    },
    Case {
        what: "port 70000",
        file: "inventory.toml",
        content: device!("port = 70000\n"),
        expect: &[(6, "port: must be 1-65535, got 70000")],
    },
    Case {
        what: "port -1",
        file: "inventory.toml",
        content: device!("port = -1\n"),
        expect: &[(6, "port: must be 1-65535, got -1")],
    },
    Case {
        what: "unknown platform",
        file: "inventory.toml",
        content: device!("platform = \"nxos9k\"\n"),
        expect: &[(6, "platform: \"nxos9k\" is not a platform (nxos, iosxe, iosxr or auto)")],
    },
    Case {
        what: "empty platform",
        file: "inventory.toml",
        content: device!("platform = \"\"\n"),
        expect: &[(6, "platform: \"\" is not a platform")],
    },
    Case {
        what: "empty file",
        file: "inventory.toml",
        content: b"",
        expect: &[(1, "the file is empty")],
    },
    Case {
        what: "whitespace only",
        file: "inventory.toml",
        content: b"\n  \n\t\r\n",
        expect: &[(1, "the file is empty")],
    },
    Case {
        what: "comments only: no device",
        file: "inventory.toml",
        content: b"# fleet\n[defaults]\nusername = \"u\"\n",
        expect: &[(1, "no [[device]] sections")],
    },
    Case {
        what: "NUL bytes",
        file: "inventory.toml",
        content: b"[[device]]\nname = \"r1\"\nhost = \"h\0\0\0\"\n",
        expect: &[(3, "binary data: control character U+0000 at byte 32")],
    },
    Case {
        what: "invalid UTF-8 (Latin-1 e-acute)",
        file: "inventory.toml",
        content: b"[[device]]\nname = \"caf\xe9\"\n",
        expect: &[(2, "not UTF-8 text: byte 0xE9 at byte 22")],
    },
    Case {
        what: "random bytes (a PNG header)",
        file: "inventory.toml",
        content: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
        expect: &[(1, "not UTF-8 text: byte 0x89 at byte 0")],
    },
    Case {
        what: "TOML syntax error: unclosed string",
        file: "inventory.toml",
        content: b"[[device]]\nname = \"r1\nhost = \"h\"\n",
        expect: &[(2, "name: not TOML: ")],
    },
    Case {
        what: "TOML syntax error: unclosed table header",
        file: "inventory.toml",
        content: b"[[device]\nname = \"r1\"\n",
        expect: &[(1, "[[device]]: not TOML: ")],
    },
    Case {
        what: "device without host",
        file: "inventory.toml",
        content: b"[[device]]\nname = \"r1\"\nusername = \"u\"\npassword_file = \"pw\"\n",
        expect: &[(1, "device \"r1\": host: missing")],
    },
    Case {
        what: "device without name",
        file: "inventory.toml",
        content: b"[[device]]\nhost = \"h\"\nusername = \"u\"\npassword_file = \"pw\"\n",
        expect: &[(1, "device #1: name: missing")],
    },
    Case {
        what: "device in an unknown group",
        file: "inventory.toml",
        content: device!("group = \"core\"\n[[group]]\nname = \"edge\"\n"),
        expect: &[(6, "group: no [[group]] named \"core\" (groups: edge)")],
    },
    // --- CSV (with DEFAULTS) ---
    Case {
        what: "CSV port as a service name",
        file: "fleet.csv",
        content: b"name,host,port\nr1,h1,22\nr2,h2,ssh\n",
        expect: &[(3, "port: \"ssh\" is not a number")],
    },
    Case {
        what: "CSV port -1",
        file: "fleet.csv",
        content: b"name,host,port\nr1,h1,-1\n",
        expect: &[(2, "port: must be 1-65535, got -1")],
    },
    Case {
        what: "CSV port 70000",
        file: "fleet.csv",
        content: b"name,host,port\nr1,h1,70000\n",
        expect: &[(2, "port: must be 1-65535, got 70000")],
    },
    Case {
        what: "CSV unknown platform",
        file: "fleet.csv",
        content: b"name,host,platform\nr1,h1,iosxe\nr2,h2,nxos9k\n",
        expect: &[(3, "platform: \"nxos9k\" is not a platform")],
    },
    Case {
        what: "CSV unknown column",
        file: "fleet.csv",
        content: b"name,host,colour\nr1,h1,red\n",
        expect: &[(1, "unknown column \"colour\"")],
    },
    Case {
        what: "CSV password column",
        file: "fleet.csv",
        content: b"name,host,password\nr1,h1,hunter2\n",
        expect: &[(1, "\"password\": secrets never go in the inventory")],
    },
    Case {
        what: "CSV duplicate device names",
        file: "fleet.csv",
        content: b"name,host\nr1,h1\nr2,h2\nr1,h3\n",
        expect: &[(4, "name: duplicate device name \"r1\" (first at line 2)")],
    },
    Case {
        what: "CSV row with too many fields, CRLF line ends",
        file: "fleet.csv",
        content: b"name,host\r\nr1,h1\r\nr2,h2,22\r\n",
        expect: &[(3, "3 fields, the header has 2")],
    },
    Case {
        what: "CSV row with too few fields after a comment",
        file: "fleet.csv",
        content: b"name,host,port\n# core\nr1\n",
        expect: &[(3, "1 field, the header has 3")],
    },
    Case {
        what: "CSV device without host",
        file: "fleet.csv",
        content: b"name,host,port\nr1,,22\n",
        expect: &[(2, "host: missing")],
    },
    Case {
        what: "CSV header without host",
        file: "fleet.csv",
        content: b"name,port\nr1,22\n",
        expect: &[(1, "host: missing column")],
    },
    Case {
        what: "CSV device in an unknown group",
        file: "fleet.csv",
        content: b"name,host,group\nr1,h1,core\n",
        expect: &[(2, "group: no [[group]] named \"core\" (groups: dc)")],
    },
    Case {
        what: "CSV empty file",
        file: "fleet.csv",
        content: b"",
        expect: &[(1, "the file is empty")],
    },
    Case {
        what: "CSV whitespace only",
        file: "fleet.csv",
        content: b"\r\n \n\n",
        expect: &[(1, "the file is empty")],
    },
    Case {
        what: "CSV header only",
        file: "fleet.csv",
        content: b"# fleet\nname,host\n",
        expect: &[(2, "no devices: the header is the only row")],
    },
    Case {
        what: "CSV NUL bytes",
        file: "fleet.csv",
        content: b"name,host\nr1,h1\nr2\0,h2\n",
        expect: &[(3, "binary data: control character U+0000")],
    },
    Case {
        what: "CSV invalid UTF-8 (Latin-1 from a spreadsheet)",
        file: "fleet.csv",
        content: b"name,host\nr1,h1\ncaf\xe9,h2\n",
        expect: &[(3, "not UTF-8 text: byte 0xE9 at byte 19")],
    },
    Case {
        what: "CSV random bytes (gzip)",
        file: "fleet.csv",
        content: b"\x1f\x8b\x08\0\0\0\0\0\0\x03\xcb\xc8",
        expect: &[(1, "not UTF-8 text: byte 0x8B at byte 1")],
    },
];

/// A directory with the password file (0600) and the CSV `--defaults` file the cases use.
fn fixture() -> std::io::Result<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "hunter2\n")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600))?;
    }
    std::fs::write(dir.path().join("defaults.toml"), DEFAULTS)?;
    Ok(dir)
}

/// Writes the case's file and loads it as `fleetlic audit --inventory` does.
fn run(dir: &Path, case: &Case) -> Result<Vec<crate::target::Target>, InventoryErrors> {
    let sub = dir.join(case.what.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let path = sub.join(case.file);
    let written = std::fs::create_dir_all(&sub)
        .and_then(|()| std::fs::copy(dir.join("pw"), sub.join("pw")).map(|_| ()))
        .and_then(|()| std::fs::write(&path, case.content));
    if let Err(e) = written {
        panic!("{}: writing {}: {e}", case.what, path.display());
    }
    let defaults = dir.join("defaults.toml");
    let is_csv = case.file.ends_with(".csv");
    load(&path, is_csv.then_some(defaults.as_path())).and_then(Inventory::strict)
}

#[test]
fn the_malformed_table_covers_both_formats() {
    let toml = CASES.iter().filter(|c| c.file.ends_with(".toml")).count();
    let csv = CASES.iter().filter(|c| c.file.ends_with(".csv")).count();
    assert!(toml >= 12 && csv >= 8, "{toml} TOML, {csv} CSV cases");
}

#[test]
fn every_malformed_inventory_is_reported_at_its_file_line_and_field(
) -> Result<(), Box<dyn std::error::Error>> {
    let dir = fixture()?;
    let mut failures = Vec::new();
    for case in CASES {
        let lines = match run(dir.path(), case) {
            Ok(targets) => {
                failures.push(format!("{}: loaded {} device(s)", case.what, targets.len()));
                continue;
            }
            Err(e) => e.lines(),
        };
        let sub = case.what.replace(|c: char| !c.is_ascii_alphanumeric(), "-");
        let file = dir.path().join(sub).join(case.file);
        let file = file.display();
        let ok = lines.len() == case.expect.len()
            && lines.iter().zip(case.expect).all(|(got, (line, names))| {
                got.strip_prefix(&format!("{file}:{line}: "))
                    .is_some_and(|rest| rest.contains(names))
            });
        if !ok {
            failures.push(format!(
                "{}: expected {:?}, got:\n    {}",
                case.what,
                case.expect,
                lines.join("\n    ")
            ));
        }
        // Whatever the file holds, the message shows neither secrets nor raw control bytes.
        for got in &lines {
            if got.contains("hunter2") || got.chars().any(char::is_control) {
                failures.push(format!("{}: unsafe message {got:?}", case.what));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}
