//! IOS-XE call-home: `show call-home profile all` ([`profile_all`]),
//! `show running-config | section call-home` ([`running_config`]) and `show call-home` /
//! `show call-home detail` ([`show`]).

mod config;
mod profile;
mod show;

pub(crate) use config::running_config;
pub(crate) use profile::profile_all;
pub(crate) use show::show;
