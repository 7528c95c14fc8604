//! Every rule fleetlic has, one registry: each family's `RULES` table, per-device families
//! ([`crate::rules`]) and the fleet-wide reconciliation ([`crate::reconcile`]) alike. The
//! `fleetlic rules` table and the README's are made from it.

use crate::rule::Rule;
use crate::rules::{collection, compliance, deadlines, transport};
use crate::{identity, reconcile};

/// Each family's rules, in the order `fleetlic rules` lists them.
pub const FAMILIES: &[&[Rule]] = &[
    collection::RULES,
    identity::RULES,
    compliance::RULES,
    deadlines::RULES,
    transport::RULES,
    reconcile::RULES,
];

/// Every rule of every family in the order of [`FAMILIES`], for documentation and tests.
pub fn all_rules() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// The rule table as Markdown (the README's rule table is this output, checked by a test).
pub fn markdown_table() -> String {
    let mut s = String::from("| rule_id | severity | meaning | fix |\n|---|---|---|---|\n");
    let cell = |t: &str| t.replace('|', "\\|").replace('\n', " ");
    for r in all_rules() {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id,
            r.severity,
            cell(r.meaning),
            cell(r.fix)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_follow_family_dot_name() {
        let ids: Vec<&str> = all_rules().map(|r| r.id).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[i + 1..].contains(id), "{id} twice");
            let (family, name) = id.split_once('.').unwrap_or_default();
            assert!(
                [
                    "collection",
                    "compliance",
                    "deadline",
                    "transport",
                    "license",
                    "parse"
                ]
                .contains(&family),
                "{id}"
            );
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{id}"
            );
        }
    }
}
