//! Decides everything about a fleet (names, roles, ports, secrets) before
//! any file is written, so that every cross-reference is consistent.

use std::io;

use crate::catalog::{self, AppCategory, ServiceKind};
use crate::rng::Rng;
use crate::FleetShape;

/// First port handed to services; service `i` listens on `FIRST_SERVICE_PORT + i`.
pub(crate) const FIRST_SERVICE_PORT: usize = 10_000;
const LAST_SERVICE_PORT: usize = 65_000;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Server,
    Desktop,
}

pub(crate) struct HostPlan {
    pub(crate) name: String,
    pub(crate) index: usize,
    pub(crate) role: Role,
    /// Indices into `FleetPlan::services` of the services this host runs.
    pub(crate) services: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Runtime {
    Systemd,
    Quadlet,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exposure {
    Private,
    Public,
}

pub(crate) struct ServicePlan {
    /// `svcNNNN`: module file name, attribute name, user, group and unit.
    pub(crate) id: String,
    pub(crate) kind: &'static ServiceKind,
    pub(crate) subdomain: String,
    pub(crate) port: usize,
    pub(crate) runtime: Runtime,
    pub(crate) exposure: Exposure,
    /// Whether the service defines its own traefik middleware.
    pub(crate) has_own_middleware: bool,
    pub(crate) journalctl: bool,
    pub(crate) backup_priority: usize,
    /// Secret names relative to the service, e.g. `db/password`.
    pub(crate) secret_names: Vec<String>,
}

impl ServicePlan {
    /// The full sops secret path, e.g. `svc0001/db/password`.
    pub(crate) fn secret_path(&self, name: &str) -> String {
        format!("{}/{name}", self.id)
    }

    pub(crate) fn data_dir(&self) -> String {
        format!("/var/lib/{}", self.id)
    }
}

pub(crate) struct AppPlan {
    /// `appNNN`: module file name.
    pub(crate) id: String,
    pub(crate) category: &'static AppCategory,
}

/// An age key allowed to decrypt the fleet's secrets.
pub(crate) struct Recipient {
    /// YAML anchor name in `.sops.yaml`.
    pub(crate) alias: String,
    pub(crate) public_key: String,
}

pub(crate) struct FleetPlan {
    pub(crate) hosts: Vec<HostPlan>,
    pub(crate) services: Vec<ServicePlan>,
    pub(crate) apps: Vec<AppPlan>,
    pub(crate) recipients: Vec<Recipient>,
}

impl FleetPlan {
    pub(crate) fn new(shape: &FleetShape) -> io::Result<FleetPlan> {
        check_port_room(shape.service_modules)?;
        let mut services = plan_services(shape);
        assign_secrets(&mut services, shape.secrets);
        let hosts = plan_hosts(shape.hosts.max(1), services.len());
        let recipients = plan_recipients(&hosts);
        Ok(FleetPlan {
            hosts,
            services,
            apps: plan_apps(shape.desktop_modules),
            recipients,
        })
    }

    pub(crate) fn secret_count(&self) -> usize {
        self.services
            .iter()
            .map(|service| service.secret_names.len())
            .sum()
    }
}

fn check_port_room(services: usize) -> io::Result<()> {
    if services > LAST_SERVICE_PORT - FIRST_SERVICE_PORT {
        let message = format!("{services} services do not fit in the port range");
        return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
    }
    Ok(())
}

/// `prefix` followed by `number` zero-padded to at least `min_width` digits,
/// wide enough that all `count` numbers have the same width.
fn numbered(prefix: &str, number: usize, count: usize, min_width: usize) -> String {
    let width = min_width.max(count.saturating_sub(1).to_string().len());
    format!("{prefix}{number:0width$}")
}

fn host_role(index: usize) -> Role {
    if index.is_multiple_of(2) {
        Role::Server
    } else {
        Role::Desktop
    }
}

fn plan_hosts(count: usize, service_count: usize) -> Vec<HostPlan> {
    let mut hosts: Vec<HostPlan> = (0..count)
        .map(|index| {
            let role = host_role(index);
            let prefix = if role == Role::Server {
                "server"
            } else {
                "desktop"
            };
            HostPlan {
                name: format!("{prefix}{index}"),
                index,
                role,
                services: Vec::new(),
            }
        })
        .collect();
    let server_indices: Vec<usize> = (0..count)
        .filter(|i| host_role(*i) == Role::Server)
        .collect();
    for service in 0..service_count {
        let host = server_indices[service % server_indices.len()];
        hosts[host].services.push(service);
    }
    hosts
}

fn plan_services(shape: &FleetShape) -> Vec<ServicePlan> {
    let count = shape.service_modules;
    (0..count)
        .map(|index| {
            let id = numbered("svc", index, count, 4);
            let kind = &catalog::SERVICE_KINDS[index % catalog::SERVICE_KINDS.len()];
            let number = &id["svc".len()..];
            ServicePlan {
                subdomain: format!("{}-{number}", kind.label),
                kind,
                port: FIRST_SERVICE_PORT + index,
                runtime: if index.is_multiple_of(2) {
                    Runtime::Systemd
                } else {
                    Runtime::Quadlet
                },
                exposure: if index % 3 == 2 {
                    Exposure::Public
                } else {
                    Exposure::Private
                },
                has_own_middleware: index % 5 == 4,
                journalctl: index % 4 != 3,
                backup_priority: 10 + index % 90,
                secret_names: Vec::new(),
                id,
            }
        })
        .collect()
}

/// Every service gets one secret; the rest are scattered with a fixed seed,
/// so some services end up with several.
fn assign_secrets(services: &mut [ServicePlan], secrets: usize) {
    if services.is_empty() {
        return;
    }
    let mut counts = vec![1usize; services.len()];
    let mut rng = Rng::for_label("secret-spread");
    for _ in services.len()..secrets {
        counts[rng.below(services.len())] += 1;
    }
    for (service, count) in services.iter_mut().zip(counts) {
        service.secret_names = (0..count).map(catalog::secret_name).collect();
    }
}

fn plan_apps(count: usize) -> Vec<AppPlan> {
    (0..count)
        .map(|index| AppPlan {
            id: numbered("app", index, count, 3),
            category: &catalog::APP_CATEGORIES[index % catalog::APP_CATEGORIES.len()],
        })
        .collect()
}

fn plan_recipients(hosts: &[HostPlan]) -> Vec<Recipient> {
    let admin = Recipient {
        alias: "admin_strange".to_string(),
        public_key: Rng::for_label("age:admin").age_recipient(),
    };
    let host_keys = hosts.iter().map(|host| Recipient {
        alias: format!("host_{}", host.name),
        public_key: Rng::for_label(&format!("age:{}", host.name)).age_recipient(),
    });
    std::iter::once(admin).chain(host_keys).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(hosts: usize, services: usize, secrets: usize) -> FleetShape {
        FleetShape {
            hosts,
            service_modules: services,
            secrets,
            desktop_modules: 0,
        }
    }

    #[test]
    fn hosts_alternate_roles_starting_with_a_server() {
        let plan = FleetPlan::new(&shape(4, 0, 0)).unwrap();
        let names: Vec<&str> = plan.hosts.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["server0", "desktop1", "server2", "desktop3"]);
    }

    #[test]
    fn services_are_spread_over_servers_only() {
        let plan = FleetPlan::new(&shape(4, 7, 7)).unwrap();
        assert_eq!(plan.hosts[0].services, [0, 2, 4, 6]);
        assert_eq!(plan.hosts[2].services, [1, 3, 5]);
        assert!(plan.hosts[1].services.is_empty());
    }

    #[test]
    fn secrets_are_spread_with_at_least_one_per_service() {
        let plan = FleetPlan::new(&shape(1, 10, 37)).unwrap();
        assert_eq!(plan.secret_count(), 37);
        assert!(plan.services.iter().all(|s| !s.secret_names.is_empty()));
    }

    #[test]
    fn names_widen_past_four_digits() {
        assert_eq!(numbered("svc", 7, 12_000, 4), "svc00007");
        assert_eq!(numbered("svc", 7, 10, 4), "svc0007");
    }

    #[test]
    fn too_many_services_are_rejected() {
        assert!(FleetPlan::new(&shape(1, 60_000, 0)).is_err());
    }
}
