//! IOS-XR licensing: admin-plane smart licensing (`show license status`, `register-status`,
//! `entitlement`, `pool`), traditional pools (`pools`, `allocated`) and
//! `show license platform summary|detail`. One file per command family.

mod allocated;
mod entitlement;
mod platform;
mod pool;
mod pools;
mod register_status;
mod status;

pub(crate) use allocated::allocated;
pub(crate) use entitlement::entitlement;
pub(crate) use platform::platform;
pub(crate) use pool::pool;
pub(crate) use pools::pools;
pub(crate) use register_status::register_status;
pub(crate) use status::status;
