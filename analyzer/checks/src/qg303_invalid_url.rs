//! ## What it finds
//! A service URL (`qgroget.services.<n>.url`) that is not an absolute `http://` or
//! `https://` URL with a host and, if it names one, a port between 1 and 65535.
//!
//! ## Why it matters
//! Traefik's load balancer needs a full URL: `127.0.0.1:8096` (no scheme), `http//host`
//! or a port such as `:80800` make it drop the service's configuration, and the service
//! answers 404 or 502 after the deploy.
//!
//! ## Example
//! ```nix
//! qgroget.services.jellyfin.url = "127.0.0.1:8096";
//! ```
//!
//! ## Severity
//! An error: Traefik refuses a service whose URL it cannot parse, or the router points at
//! nothing. A URL built from a value qg cannot know is silent.
//!
//! ## Fix
//! Write the URL in full: `http://127.0.0.1:8096`.

use qg_syntax::{Diagnostic, Rule, RuleId};

use super::support::HostCheck;

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg303,
    summary: "a service URL that is not an absolute http(s) URL with a valid port",
    source: include_str!("qg303_invalid_url.rs"),
};

/// A service URL's host and port (the scheme's default port when none is written).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Upstream {
    pub host: String,
    pub port: u16,
}

/// Reads an upstream URL, or says what is wrong with it.
pub(crate) fn parse_upstream(text: &str) -> Result<Upstream, String> {
    if !text.contains("://") {
        return Err("it has no scheme (`http://`)".into());
    }
    let uri = fluent_uri::Uri::parse(text).map_err(|e| format!("it does not parse ({e})"))?;
    let scheme = uri.scheme().as_str().to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        other => return Err(format!("its scheme is `{other}`, not http or https")),
    };
    let authority = uri
        .authority()
        .ok_or("it has no host (`http://host:port`)")?;
    let host = authority.host().to_ascii_lowercase();
    if host.is_empty() {
        return Err("it has no host".into());
    }
    let port = match authority.port().map(|p| p.as_str()) {
        None | Some("") => default_port,
        Some(p) => match p.parse::<u16>() {
            Ok(0) | Err(_) => return Err(format!("its port `{p}` is not between 1 and 65535")),
            Ok(n) => n,
        },
    };
    Ok(Upstream { host, port })
}

pub(crate) fn check_host(check: &HostCheck<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for url in check.facts.entities_of("service-url") {
        let Some(span) = &url.span else { continue };
        if let Err(why) = parse_upstream(&url.name) {
            let message = format!(
                "URL `{}` of service `{}` is not an absolute http(s) URL: {why}",
                url.name,
                url.owner.as_deref().unwrap_or("?")
            );
            out.push(Diagnostic::new(RuleId::Qg303, span.clone(), message));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstreams() {
        let ok = |t: &str| parse_upstream(t).unwrap();
        assert_eq!(
            ok("http://127.0.0.1:8096"),
            Upstream {
                host: "127.0.0.1".into(),
                port: 8096
            }
        );
        assert_eq!(ok("https://LOCALHOST/x").port, 443);
        assert_eq!(ok("http://[::1]:80/").host, "[::1]");
        for bad in [
            "127.0.0.1:8096",
            "http//host",
            "http://host:80800",
            "http://:80",
            "ftp://h",
            "http://h:0",
            "",
        ] {
            assert!(parse_upstream(bad).is_err(), "{bad}");
        }
    }
}
