//! Folding the per-command models of one device into one.
//!
//! Each command shows part of the picture (`show license status` the agent state,
//! `show license usage` the licenses, the call-home commands the transport). Merging keeps
//! what is already known and fills what is missing; lists are taken whole from the first
//! command that printed any, so rows from two tables are never mixed or merged by name.

use super::*;

/// Fills the gaps of `into` from `from`; values already in `into` win.
pub fn merge(into: &mut DeviceLicensing, mut from: DeviceLicensing) {
    let extra = std::mem::take(&mut from.extra);
    let dates = std::mem::take(&mut from.dates);
    into.fill(from);
    into.extra.extend(extra);
    into.dates.extend(dates);
}

/// Field-wise "keep mine, take theirs where I have nothing".
trait Fill {
    fn fill(&mut self, other: Self);
}

/// Implements [`Fill`] for a struct: `leaf` options are taken when missing, `nested` options
/// are merged recursively, `lists` are taken when empty, `flags` are or-ed.
macro_rules! fill_struct {
    ($t:ty { leaf: [$($l:ident),*], nested: [$($n:ident),*], lists: [$($v:ident),*], flags: [$($b:ident),*] }) => {
        impl Fill for $t {
            fn fill(&mut self, other: Self) {
                $( if self.$l.is_none() { self.$l = other.$l; } )*
                $( match (&mut self.$n, other.$n) {
                    (Some(mine), Some(theirs)) => mine.fill(theirs),
                    (mine @ None, theirs) => *mine = theirs,
                    _ => {}
                } )*
                $( if self.$v.is_empty() { self.$v = other.$v; } )*
                $( self.$b |= other.$b; )*
            }
        }
    };
}

fill_struct!(DeviceLicensing {
    leaf: [
        platform,
        hostname,
        prompt_hostname,
        mode,
        smart_licensing_enabled,
        utility_enabled,
        custom_id,
        reporting_mode,
        compliance,
        compliance_qualifier,
        compliance_explanation,
        assigned_pool
    ],
    nested: [
        version,
        clock,
        registration,
        authorization,
        evaluation,
        conversion,
        export_authorization,
        license_authorizations,
        data_privacy,
        transport,
        policy,
        usage_reporting,
        trust_code,
        callhome,
        platform_timers
    ],
    lists: [licenses, udis, pools, allocations, features],
    flags: [no_licenses_in_use]
});
fill_struct!(PlatformTimers {
    leaf: [
        collection_last,
        collection_next,
        reporting_last,
        reporting_next,
        collection_interval_minutes,
        reporting_interval_minutes
    ],
    nested: [],
    lists: [],
    flags: []
});
fill_struct!(SoftwareVersion {
    leaf: [os, version, model, hostname, serial, uptime, image],
    nested: [],
    lists: [],
    flags: []
});
fill_struct!(DeviceClock {
    leaf: [
        time,
        synced,
        source,
        printed,
        zone,
        local,
        offset_minutes,
        resolved,
        offset_note
    ],
    nested: [],
    lists: [],
    flags: []
});
fill_struct!(Registration {
    leaf: [
        status,
        smart_account,
        virtual_account,
        export_controlled,
        initial_registration,
        last_renewal_attempt,
        next_renewal_attempt,
        next_registration_attempt,
        expires,
        failure_reason,
        last_response_at,
        last_response_message
    ],
    nested: [],
    lists: [],
    flags: []
});
fill_struct!(Authorization {
    leaf: [
        status,
        status_since,
        last_communication,
        next_communication,
        communication_deadline,
        failure_reason
    ],
    nested: [],
    lists: [],
    flags: []
});
fill_struct!(Evaluation {
    leaf: [remaining_seconds],
    nested: [],
    lists: [],
    flags: [in_use, expired]
});
fill_struct!(Conversion {
    leaf: [automatic, status, at, last_data_push, last_file_export],
    nested: [],
    lists: [],
    flags: []
});
fill_struct!(DataPrivacy {
    leaf: [
        sending_hostname,
        callhome_hostname_privacy,
        smart_licensing_hostname_privacy,
        version_privacy
    ],
    nested: [],
    lists: [],
    flags: []
});
fill_struct!(Policy {
    leaf: [in_use, name, reporting_ack_required],
    nested: [],
    lists: [classes],
    flags: []
});
fill_struct!(UsageReporting {
    leaf: [
        last_ack_received,
        next_ack_deadline,
        reporting_push_interval_days,
        reporting_push_interval_note,
        next_ack_push_check,
        next_report_push,
        last_report_push,
        last_report_file_write
    ],
    nested: [],
    lists: [],
    flags: []
});
fill_struct!(TrustCode {
    leaf: [installed_at, kind, attributes],
    nested: [],
    lists: [units],
    flags: [installed]
});
fill_struct!(CallHome {
    leaf: [
        configured,
        enabled,
        contact_email,
        vrf,
        source_interface,
        smart_licensing_messages
    ],
    nested: [http_proxy],
    lists: [profiles, statistics, other],
    flags: []
});
fill_struct!(HttpProxy {
    leaf: [port, enabled],
    nested: [],
    lists: [],
    flags: []
});

impl Fill for Transport {
    fn fill(&mut self, other: Self) {
        for (k, v) in other.other {
            self.other.entry(k).or_insert(v);
        }
        let Transport {
            kind,
            url,
            cslu_address,
            proxy_address,
            proxy_port,
            vrf,
            source_interface,
            server_identity_check,
            other: _,
        } = other;
        macro_rules! take { ($($f:ident),*) => { $( if self.$f.is_none() { self.$f = $f; } )* } }
        take!(
            kind,
            url,
            cslu_address,
            proxy_address,
            proxy_port,
            vrf,
            source_interface,
            server_identity_check
        );
    }
}

fill_struct!(ExportAuthorization {
    leaf: [],
    nested: [],
    lists: [features_authorized],
    flags: []
});
fill_struct!(LicenseAuthorizations {
    leaf: [last_data_push, last_file_export, device_enforcement_state],
    nested: [],
    lists: [units, purchased],
    flags: []
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_known_values_and_fills_gaps() {
        let mut status = DeviceLicensing {
            registration: Some(Registration {
                status: Some(RegistrationStatus::Registered),
                ..Default::default()
            }),
            ..Default::default()
        };
        let usage = DeviceLicensing {
            registration: Some(Registration {
                status: Some(RegistrationStatus::Unregistered),
                smart_account: Some("BU Production Test 1".into()),
                ..Default::default()
            }),
            licenses: vec![License {
                entitlement_tag: Some("NETWORK_SERVICES_PKG".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        merge(&mut status, usage);
        let reg = status
            .registration
            .as_ref()
            .map(|r| (&r.status, &r.smart_account));
        assert_eq!(
            reg,
            Some((
                &Some(RegistrationStatus::Registered),
                &Some("BU Production Test 1".to_string())
            ))
        );
        assert_eq!(status.licenses.len(), 1);
    }

    #[test]
    fn merge_never_mixes_license_lists() {
        let lic = |tag: &str| License {
            entitlement_tag: Some(tag.into()),
            ..Default::default()
        };
        let mut a = DeviceLicensing {
            licenses: vec![lic("A")],
            ..Default::default()
        };
        merge(
            &mut a,
            DeviceLicensing {
                licenses: vec![lic("B"), lic("C")],
                ..Default::default()
            },
        );
        assert_eq!(a.licenses, vec![lic("A")]);
    }
}
