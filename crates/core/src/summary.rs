//! A readable rendering of one parsed output, for `fleetlic parse --format text`.

use std::fmt::Write;

use chrono::{DateTime, Utc};
use fleetlic_parsers::model::{DeviceLicensing, License};
use fleetlic_parsers::{format_offset, Parsed, Platform};

/// Renders `parsed` as a short indented report headed by the file, platform and command.
pub fn render(
    file: &str,
    platform: Platform,
    command: &str,
    parsed: &Parsed<DeviceLicensing>,
) -> String {
    let mut s = String::new();
    let m = &parsed.value;
    let _ = writeln!(s, "== {file} ({platform}: {command})");
    let mut line = |label: &str, value: String| {
        let _ = writeln!(s, "   {label:<28} {value}");
    };
    if let Some(h) = &m.hostname {
        line("hostname", h.clone());
    }
    if let Some(v) = &m.version {
        let parts: Vec<&str> = [&v.os, &v.version, &v.model, &v.serial]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        line("version", parts.join(" "));
    }
    if let Some(c) = &m.clock {
        let zone = match (&c.zone, c.offset_minutes, c.resolved) {
            (Some(z), Some(m), Some(how)) => format!(" zone={z} {} ({how})", format_offset(m)),
            (Some(z), _, Some(how)) => format!(" zone={z} ({how})"),
            (Some(z), _, None) => format!(" zone={z}"),
            _ => String::new(),
        };
        line(
            "clock",
            format!("{} synced={}{zone}", date(c.time), opt(c.synced)),
        );
        if let Some(note) = &c.offset_note {
            line("  zone offset", note.clone());
        }
    }
    if let Some(mode) = m.mode {
        line("mode", format!("{mode:?}"));
    }
    if let Some(r) = &m.registration {
        line("registration", debug(&r.status));
        if let Some(a) = &r.smart_account {
            line("  smart account", a.clone());
        }
        if let Some(a) = &r.virtual_account {
            line("  virtual account", a.clone());
        }
        if let Some(d) = r.expires {
            line("  expires", date(Some(d)));
        }
        if let Some(f) = &r.failure_reason {
            line("  failure reason", f.text.clone());
        }
    }
    if let Some(a) = &m.authorization {
        line(
            "authorization",
            format!("{} since {}", debug(&a.status), date(a.status_since)),
        );
        if let Some(d) = a.communication_deadline {
            line("  communication deadline", date(Some(d)));
        }
        if let Some(f) = &a.failure_reason {
            line("  failure reason", f.text.clone());
        }
    }
    if let Some(e) = &m.evaluation {
        let days = e
            .remaining_seconds
            .map(|s| format!("{:.1} days left", s as f64 / 86_400.0));
        line(
            "evaluation",
            format!(
                "in use={} expired={} {}",
                e.in_use,
                e.expired,
                days.unwrap_or_default()
            ),
        );
    }
    if let Some(t) = &m.transport {
        let target = t
            .url
            .clone()
            .or_else(|| t.cslu_address.clone())
            .unwrap_or_default();
        line(
            "transport",
            format!(
                "{} {target} vrf={}",
                debug(&t.kind),
                t.vrf.as_deref().unwrap_or("-")
            ),
        );
    }
    if let Some(u) = &m.usage_reporting {
        line("last ACK received", date(u.last_ack_received));
        line("next ACK deadline", date(u.next_ack_deadline));
        line("next report push", date(u.next_report_push));
    }
    if let Some(t) = &m.trust_code {
        line(
            "trust code",
            format!("installed={} {}", t.installed, date(t.installed_at)),
        );
    }
    if let Some(c) = &m.compliance {
        line("compliance", format!("{c:?}"));
    }
    if let Some(p) = &m.assigned_pool {
        line("pool", p.clone());
    }
    if let Some(ch) = &m.callhome {
        line("call-home enabled", opt(ch.enabled));
        for p in &ch.profiles {
            line(
                &format!("  profile {}", p.name),
                format!(
                    "active={} sl={} {}",
                    opt(p.active),
                    opt(p.reporting_smart_licensing),
                    p.http_urls.join(" ")
                ),
            );
        }
        if let Some(px) = &ch.http_proxy {
            line(
                "  http proxy",
                format!("{}:{} enabled={}", px.host, opt(px.port), opt(px.enabled)),
            );
        }
    }
    if let Some(mode) = &m.reporting_mode {
        line("reporting mode", mode.clone());
    }
    if let Some(a) = &m.license_authorizations {
        for u in &a.units {
            line(
                &format!("  authorization {}", u.role),
                format!(
                    "{} {} {} {}",
                    u.pid.as_deref().unwrap_or("-"),
                    u.serial.as_deref().unwrap_or("-"),
                    u.status.as_deref().unwrap_or("-"),
                    date(u.at)
                ),
            );
        }
    }
    for l in &m.licenses {
        line("license", license(l));
    }
    // Every date as printed, so one whose zone is unresolved is seen, not just missing above.
    for d in &m.dates {
        let utc = d
            .utc
            .map_or_else(|| "not converted".to_string(), |u| date(Some(u)));
        line(
            "date",
            format!("{}: {} = {utc} ({})", d.field, d.text, d.resolved),
        );
    }
    if m.no_licenses_in_use {
        line("licenses", "none in use (as printed)".to_string());
    }
    for e in &m.extra {
        let mut path = e.section.join(" / ");
        if !path.is_empty() {
            path.push_str(" / ");
        }
        let text = match (e.label.is_empty(), e.value.is_empty()) {
            (false, false) => format!("{}: {}", e.label, e.value),
            (false, true) => e.label.clone(),
            (true, _) => e.value.clone(),
        };
        line("extra", format!("line {}: {path}{text}", e.line));
    }
    let _ = writeln!(s, "   {} warning(s)\n", parsed.warnings.len());
    s
}

fn license(l: &License) -> String {
    format!(
        "{} [{}] x{} {}",
        l.name.as_deref().unwrap_or("-"),
        l.entitlement_tag.as_deref().unwrap_or("-"),
        opt(l.count),
        debug(&l.status)
    )
}

fn date(d: Option<DateTime<Utc>>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.to_rfc3339())
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn debug<T: std::fmt::Debug>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "-".to_string(), |v| format!("{v:?}"))
}
