//! IOS-XE call-home: `show call-home profile all` ([`profile_all`]) and
//! `show running-config | section call-home` ([`running_config`]).

mod config;
mod profile;

pub(crate) use config::running_config;
pub(crate) use profile::profile_all;
