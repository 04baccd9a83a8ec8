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
//! ## Severity
//! An error when qg knows every middleware of the host: Traefik refuses the router. Silent
//! when middlewares may come from elsewhere than the dynamic configuration Nix writes: a
//! file provider with a `directory` or a `filename` the fleet sets (nixpkgs' own generated
//! file alone does not count), a label provider (`docker`...), a static configuration file
//! or a dynamic file written by hand; also when the host imports a module from a flake
//! input no knowledge pack describes, or a middleware's name is a value qg cannot know.
//! Even then, a name one edit from a middleware qg knows (`SO` beside `SSO`) is a
//! **warning**: very likely a typo, though a middleware defined elsewhere is possible.
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
