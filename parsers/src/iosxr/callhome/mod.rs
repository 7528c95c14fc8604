//! IOS-XR call-home: `show call-home detail` ([`detail`]), `show running-config call-home`
//! ([`running_config`]) and `show call-home smart-licensing statistics` ([`statistics`]).

mod config;
mod detail;
mod statistics;

pub(crate) use config::running_config;
pub(crate) use detail::detail;
pub(crate) use statistics::statistics;
