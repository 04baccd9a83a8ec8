//! `hosts/<host>/{configuration,settings,hardware-configuration}.nix`.

use crate::catalog::{APP_CATEGORIES, DESKTOP_ENVIRONMENTS, LOGIN_MANAGERS, THEMES};
use crate::code::{quote, Code};
use crate::plan::{FleetPlan, HostPlan, Role};
use crate::rng::Rng;

pub(crate) fn configuration_nix(plan: &FleetPlan, host: &HostPlan) -> String {
    match host.role {
        Role::Server => server_configuration(plan, host),
        Role::Desktop => desktop_configuration(host),
    }
}

fn server_configuration(plan: &FleetPlan, host: &HostPlan) -> String {
    let mut code = Code::nix();
    code.line("{ lib, ... }:");
    code.open("{");
    let services = host.services.iter().map(|index| {
        format!(
            "../../modules/server/services/{}.nix",
            plan.services[*index].id
        )
    });
    let own_files = ["./hardware-configuration.nix", "./settings.nix"].map(String::from);
    code.list("imports", own_files.into_iter().chain(services));
    code.blank();
    code.line(&format!("networking.hostName = {};", quote(&host.name)));
    code.line("time.timeZone = lib.mkDefault \"Europe/Paris\";");
    code.blank();
    code.open("virtualisation.quadlet = {");
    code.line("enable = true;");
    code.line("autoEscape = true;");
    code.line("autoUpdate.enable = true;");
    code.close("};");
    code.blank();
    code.open("services.openssh = {");
    code.line("enable = true;");
    code.line("settings.PasswordAuthentication = false;");
    code.close("};");
    code.blank();
    code.line("system.stateVersion = \"25.05\";");
    code.close("}");
    code.finish()
}

fn desktop_configuration(host: &HostPlan) -> String {
    let mut code = Code::nix();
    code.line("{ config, lib, ... }:");
    code.open("let");
    code.line("inherit (config.qgroget.user) username;");
    code.line("inherit (config.qgroget.nixos) desktop;");
    code.close("in");
    code.open("{");
    code.line("imports = [ ./hardware-configuration.nix ./settings.nix ];");
    code.blank();
    code.open("networking = {");
    code.line(&format!("hostName = {};", quote(&host.name)));
    code.line("networkmanager.enable = true;");
    code.close("};");
    code.line("time.timeZone = lib.mkDefault \"Europe/Paris\";");
    code.blank();
    desktop_persistence(&mut code);
    code.blank();
    code.open("users.users.${username} = {");
    code.line("isNormalUser = true;");
    code.string_list("extraGroups", &["wheel", "networkmanager", "video"]);
    code.close("};");
    code.blank();
    desktop_session(&mut code);
    code.blank();
    code.line("system.stateVersion = \"25.05\";");
    code.close("}");
    code.finish()
}

fn desktop_persistence(code: &mut Code) {
    code.open("environment.persistence.\"/persist\" = {");
    code.line("enable = true;");
    code.line("hideMounts = true;");
    code.string_list(
        "directories",
        &[
            "/var/lib/nixos",
            "/var/lib/systemd",
            "/etc/NetworkManager",
            "/etc/ssh",
        ],
    );
    code.string_list("files", &["/etc/machine-id"]);
    code.close("};");
}

fn desktop_session(code: &mut Code) {
    code.open("programs = {");
    code.line("hyprland.enable = desktop.desktopEnvironment == \"hyprland\";");
    code.line("niri.enable = desktop.desktopEnvironment == \"niri\";");
    code.close("};");
    code.open("services = {");
    code.open("desktopManager = {");
    code.line("plasma6.enable = desktop.desktopEnvironment == \"kde\";");
    code.line("gnome.enable = desktop.desktopEnvironment == \"gnome\";");
    code.close("};");
    code.line("displayManager.gdm.enable = desktop.loginManager == \"gdm\";");
    code.close("};");
}

pub(crate) fn settings_nix(host: &HostPlan) -> String {
    let mut code = Code::nix();
    code.open("_: {");
    code.open("qgroget = {");
    code.line("secretAgeKeyPath = \"/var/lib/sops/age/keys.txt\";");
    code.line("user.username = \"strange\";");
    code.open("nixos = {");
    match host.role {
        Role::Server => server_settings(&mut code),
        Role::Desktop => desktop_settings(&mut code, host.index),
    }
    code.close("};");
    code.close("};");
    code.close("}");
    code.finish()
}

fn server_settings(code: &mut Code) {
    code.line("isDesktop = false;");
    code.line("auto-update = true;");
    code.open("remote-access = {");
    code.line("enable = true;");
    code.line("tailscale.enable = true;");
    code.close("};");
}

fn pick<'a>(values: &[&'a str], index: usize) -> &'a str {
    values[index % values.len()]
}

fn desktop_settings(code: &mut Code, index: usize) {
    code.line("isDesktop = true;");
    code.line(&format!("auto-update = {};", index % 4 == 1));
    code.line(&format!("theme = {};", quote(pick(THEMES, index / 2))));
    code.open("desktop = {");
    let environment = pick(DESKTOP_ENVIRONMENTS, index / 2);
    code.line(&format!("desktopEnvironment = {};", quote(environment)));
    code.line(&format!(
        "loginManager = {};",
        quote(pick(LOGIN_MANAGERS, index / 2))
    ));
    code.string_list("monitors", &[", preferred, auto, 1"]);
    code.close("};");
    code.open("remote-access = {");
    code.line("enable = true;");
    code.line("tailscale.enable = true;");
    code.line(&format!("sunshine.enable = {};", index.is_multiple_of(3)));
    code.close("};");
    code.open("apps = {");
    for (position, category) in APP_CATEGORIES.iter().enumerate() {
        let enabled = !(index + position).is_multiple_of(3);
        code.line(&format!("{} = {enabled};", category.option));
    }
    code.close("};");
    code.line(&format!("gaming = {};", index % 2 == 1));
    code.line("vr = false;");
}

pub(crate) fn hardware_configuration_nix(host: &HostPlan) -> String {
    let mut rng = Rng::for_label(&format!("hardware:{}", host.name));
    let cpu = if host.index.is_multiple_of(3) {
        "amd"
    } else {
        "intel"
    };
    let mut code = Code::nix();
    code.line("{ config, lib, modulesPath, ... }:");
    code.open("{");
    code.line("imports = [ (modulesPath + \"/installer/scan/not-detected.nix\") ];");
    code.blank();
    boot_modules(&mut code, cpu);
    match host.role {
        Role::Server => zfs_boot(&mut code, &mut rng),
        Role::Desktop => luks_boot(&mut code, &mut rng),
    }
    code.blank();
    code.line("swapDevices = [ ];");
    code.line("networking.useDHCP = lib.mkDefault true;");
    code.line("nixpkgs.hostPlatform = lib.mkDefault \"x86_64-linux\";");
    code.line(&format!(
        "hardware.cpu.{cpu}.updateMicrocode = lib.mkDefault config.hardware.enableRedistributableFirmware;"
    ));
    code.close("}");
    code.finish()
}

fn boot_modules(code: &mut Code, cpu: &str) {
    code.line(
        "boot.initrd.availableKernelModules = [ \"nvme\" \"xhci_pci\" \"ahci\" \"usbhid\" \"sd_mod\" ];",
    );
    code.line("boot.initrd.kernelModules = [ ];");
    code.line(&format!("boot.kernelModules = [ \"kvm-{cpu}\" ];"));
    code.line("boot.extraModulePackages = [ ];");
}

fn boot_partition(code: &mut Code, rng: &mut Rng) {
    let (left, right) = (rng.hex(4).to_uppercase(), rng.hex(4).to_uppercase());
    code.open("fileSystems.\"/boot\" = {");
    code.line(&format!("device = \"/dev/disk/by-uuid/{left}-{right}\";"));
    code.line("fsType = \"vfat\";");
    code.string_list("options", &["fmask=0022", "dmask=0022"]);
    code.close("};");
}

fn zfs_boot(code: &mut Code, rng: &mut Rng) {
    code.line("boot.supportedFilesystems = [ \"zfs\" ];");
    code.line(&format!("networking.hostId = {};", quote(&rng.hex(8))));
    code.blank();
    for (mount, dataset) in [
        ("/", "rpool/root"),
        ("/nix", "rpool/nix"),
        ("/persist", "rpool/persist"),
        ("/var/log", "rpool/log"),
        ("/mnt/data", "datapool/data"),
    ] {
        code.open(&format!("fileSystems.{} = {{", quote(mount)));
        code.line(&format!("device = {};", quote(dataset)));
        code.line("fsType = \"zfs\";");
        if mount == "/persist" {
            code.line("neededForBoot = true;");
        }
        code.close("};");
    }
    boot_partition(code, rng);
}

fn luks_boot(code: &mut Code, rng: &mut Rng) {
    let luks_uuid = rng.uuid();
    let btrfs_uuid = rng.uuid();
    code.line(&format!(
        "boot.initrd.luks.devices.cryptroot.device = \"/dev/disk/by-uuid/{luks_uuid}\";"
    ));
    code.blank();
    for (mount, subvolume) in [
        ("/", "@"),
        ("/persist", "@persist"),
        ("/nix", "@nix"),
        ("/home", "@home"),
    ] {
        code.open(&format!("fileSystems.{} = {{", quote(mount)));
        code.line(&format!("device = \"/dev/disk/by-uuid/{btrfs_uuid}\";"));
        code.line("fsType = \"btrfs\";");
        code.string_list(
            "options",
            &[&format!("subvol={subvolume}"), "compress=zstd", "noatime"],
        );
        if mount == "/persist" {
            code.line("neededForBoot = true;");
        }
        code.close("};");
    }
    boot_partition(code, rng);
}
