//! `Failure reason:` texts and what they mean (002 §Common Failure Scenarios, 004 §Syslogs).

use serde::{Deserialize, Serialize};

/// A `Failure reason:` as printed, with its known cause when recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailureReason {
    /// The text exactly as the device printed it (may be a JSON body).
    pub text: String,
    /// The cause the text names, so rules can quote the documented fix.
    pub kind: FailureKind,
}

/// Known failure causes named by the seed documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// `Product Already Registered`, `... has already been registered.`,
    /// `Existing Product Instance has Consumption and Force Flag is False`: re-register with `force`.
    AlreadyRegistered,
    /// `Your request could not be processed right now. Please try again`.
    RetryLater,
    /// `The device date '...' is offset beyond the allowed tolerance limit.`: fix the clock / NTP.
    ClockOffset,
    /// `Communication transport not available.`: call-home service or profile missing.
    TransportUnavailable,
    /// `Fail to send out Call Home HTTP message.`: DNS, route, TCP/443, source interface, VRF, URL.
    CallHomeSendFailed,
    /// `Waiting for reply`: often a CRL fetch timing out on SLA-TrustPoint.
    WaitingForReply,
    /// `Data and signature do not match`: deregister and register again with `force`.
    SignatureMismatch,
    /// `Fail to parse response data from SCH server`: http:// destination.
    ParseResponseFailed,
    /// The product instance no longer exists in CSSM (`ProductInstance '...' is not valid`).
    ProductInstanceInvalid,
    /// Anything else; the text is still kept.
    Other,
}

impl FailureReason {
    /// Classifies a printed failure reason; the text is kept verbatim.
    pub fn new(text: &str) -> Self {
        let t = text.to_ascii_lowercase();
        let kind = if t.contains("already registered")
            || t.contains("has already been registered")
            || t.contains("force flag is false")
        {
            FailureKind::AlreadyRegistered
        } else if t.contains("could not be processed right now") || t.contains("try again") {
            FailureKind::RetryLater
        } else if t.contains("allowed tolerance") || t.contains("offset beyond") {
            FailureKind::ClockOffset
        } else if t.contains("transport not available") {
            FailureKind::TransportUnavailable
        } else if t.contains("fail to send out call home") || t.contains("message send error") {
            FailureKind::CallHomeSendFailed
        } else if t.contains("waiting for reply") {
            FailureKind::WaitingForReply
        } else if t.contains("signature do not match") || t.contains("does not match") {
            FailureKind::SignatureMismatch
        } else if t.contains("fail to parse response") {
            FailureKind::ParseResponseFailed
        } else if t.contains("productinstance") && t.contains("not valid") {
            FailureKind::ProductInstanceInvalid
        } else {
            FailureKind::Other
        };
        Self {
            text: text.to_string(),
            kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_failure_reasons_are_classified() {
        let cases = [
            ("Product Already Registered", FailureKind::AlreadyRegistered),
            ("The product <X> and sudi containing udiSerialNumber:<SerialNumber>,udiPid:<Product> has already been registered.", FailureKind::AlreadyRegistered),
            ("Existing Product Instance has Consumption and Force Flag is False", FailureKind::AlreadyRegistered),
            ("Your request could not be processed right now. Please try again", FailureKind::RetryLater),
            ("{\"timestamp\":[\"The device date '1526135268653' is offset beyond the allowed tolerance limit.\"]}", FailureKind::ClockOffset),
            ("Communication transport not available.", FailureKind::TransportUnavailable),
            ("Fail to send out Call Home HTTP message.", FailureKind::CallHomeSendFailed),
            ("Waiting for reply", FailureKind::WaitingForReply),
            ("Data and signature do not match", FailureKind::SignatureMismatch),
            ("something new", FailureKind::Other),
        ];
        for (text, kind) in cases {
            let r = FailureReason::new(text);
            assert_eq!(r.kind, kind, "{text}");
            assert_eq!(r.text, text);
        }
    }
}
