//! ## What it finds
//! A Traefik middleware named by a service (`qgroget.services.<n>.middlewares`) or a router
//! (`services.traefik.dynamicConfigOptions.http.routers.<r>.middlewares`, a `chain`) that the
//! host's Traefik dynamic configuration defines nowhere: neither in
//! `services.traefik.dynamicConfigOptions.http.middlewares` nor in any service's
//! `traefikDynamicConfig.http.middlewares`. `name@file` is that same provider and is
//! checked as `name`; another `name@provider` reference (`auth@docker`, `noop@internal`)
//! belongs to another provider and is not checked.
//!
//! ## Why it matters
//! Traefik refuses the router (`middleware "x@file" does not exist`) and the service is
//! unreachable: a 404 for everyone, found only after the deploy.
//!
//! ## Example
//! ```nix
//! services.traefik.dynamicConfigOptions.http.middlewares.rate-limit.rateLimit.average = 100;
//! qgroget.services.jellyfin.middlewares = ["rate-limt"];
//! ```
//!
//! ## Fix
//! Correct the name (qg suggests the closest middleware of the host), or define the
//! middleware.

use qg_syntax::{Diagnostic, Rule, RuleId, Severity};

use super::support::{report_missing, HostCheck};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg304,
    summary: "a Traefik middleware that is defined nowhere on the host",
    source: include_str!("qg304_undefined_middleware.rs"),
};

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    report_missing(
        check,
        RuleId::Qg304,
        |_| Severity::Error,
        |r| {
            format!(
            "middleware `{}` (in `{}`) is defined nowhere in the Traefik dynamic configuration of the host",
            r.name, r.at
        )
        },
    )
}
