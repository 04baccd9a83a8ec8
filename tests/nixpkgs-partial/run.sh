#!/usr/bin/env bash
# qg on a partial real nixpkgs: the option declarations of real NixOS modules, as qg
# lists them (`qg-check options HOST --json`), against the real Nix listing the same.
#
# Needs $QG_NIXPKGS_PARTIAL: a tree built by fetch.sh (the real lib/ of nixpkgs.lib and
# the real NixOS modules of manifest.toml, with this folder's module-list.nix); skipped
# with a message otherwise (CI has none: the tree's files are never committed).
#
# The oracle is Debian's Nix 2.8 (`nix-instantiate`), running oracle.nix: it evaluates
# the same host through the tree's own flake.nix (`lib.nixosSystem`, the real
# eval-config.nix and lib.evalModules) and lists every option, sub-options of submodules
# included, with its type description and default. Nix 2.8 evaluates the current lib and
# these modules (26.11 pre-release) without trouble, so it is the oracle; qg's
# evaluator is not (set QG_PARTIAL_EVALUATOR=1 to also run oracle.nix on qg's evaluator
# and compare that with Nix: a check of the evaluator on real modules, slower).
#
# Prints the counts (options in both, only in qg, only in the oracle, type, default and
# declaration mismatches) and the mismatches; then the config side: values the real
# modules set on the host (users and groups they create, their homes, open ports, data
# folders; config.nix), Nix's against `qg-check show`. Exits 1 on any mismatch. QG_PARTIAL_KEEP=DIR keeps the
# JSON files. QG_CHECK gives the qg-check binary (default: a release build).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."

tree="${QG_NIXPKGS_PARTIAL:-}"
if [ -z "$tree" ] || [ ! -f "$tree/nixos/modules/module-list.nix" ]; then
  echo "nixpkgs-partial: skipped: set QG_NIXPKGS_PARTIAL to a tree built by tests/nixpkgs-partial/fetch.sh"
  exit 0
fi
tree=$(cd "$tree" && pwd)
if ! command -v nix-instantiate >/dev/null; then
  echo "nixpkgs-partial: skipped: no nix-instantiate (the oracle)"
  exit 0
fi
if [ -z "${QG_CHECK:-}" ]; then
  cargo build --release -q -p qg-check || exit 2
  QG_CHECK="$(pwd)/${CARGO_TARGET_DIR:-target}/release/qg-check"
fi
QG_CHECK=$(realpath "$QG_CHECK")
partial="python3 $here/partial.py"
elapsed() { local ms=$((($(date +%s%N) - $1) / 1000000)); printf '%d.%03d' $((ms / 1000)) $((ms % 1000)); }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/flake"

cat >"$scratch/flake/flake.nix" <<'EOF'
{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs =
    { nixpkgs, ... }:
    {
      nixosConfigurations.media = nixpkgs.lib.nixosSystem {
        modules = [ ./configuration.nix ];
      };
    };
}
EOF
# `_module.check = false`: the partial tree lacks most NixOS modules, so its modules
# define options that nothing there declares (`boot.bootspec`...); with the check on,
# Nix stops at the first of them before listing an option (nixpkgs' own option docs are
# built the same way).
cat >"$scratch/flake/configuration.nix" <<'EOF'
{ ... }:
{
  nixpkgs.hostPlatform = "x86_64-linux";
  networking.hostName = "media";
  boot.loader.systemd-boot.enable = true;
  fileSystems."/" = {
    device = "/dev/disk/by-label/root";
    fsType = "ext4";
  };
  services.jellyfin.enable = true;
  services.traefik.enable = true;
  services.openssh.enable = true;
  users.users.alice = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
  };
  system.stateVersion = "25.11";
  _module.check = false;
}
EOF

echo "nixpkgs-partial: oracle: Nix $(nix-instantiate --version | sed 's/.* //') on $tree"
start=$(date +%s%N)
(cd "$scratch" && $partial oracle "$tree" "$scratch/flake/configuration.nix" "$scratch/oracle.json") || exit 2
echo "nixpkgs-partial: oracle took $(elapsed "$start") s"

status=0
start=$(date +%s%N)
(cd "$scratch/flake" && "$QG_CHECK" --override-input nixpkgs "$tree" options media --json) \
  >"$scratch/qg.json" 2>"$scratch/qg.err"
rc=$?
echo "nixpkgs-partial: qg-check options took $(elapsed "$start") s (exit $rc)"
if [ $rc -ne 0 ] && [ ! -s "$scratch/qg.json" ]; then
  echo "nixpkgs-partial: qg-check options failed:"
  head -c 3000 "$scratch/qg.err"
  status=1
else
  echo "nixpkgs-partial: qg-check options against the oracle:"
  $partial compare "$scratch/oracle.json" "$scratch/qg.json" "$tree" || status=1
fi

# The config side: values the real modules set (users and groups they create, homes,
# ports, data folders), Nix's (config.nix) against `qg-check show`.
if (cd "$scratch" && $partial config "$tree" "$scratch/flake/configuration.nix" "$scratch/config.json"); then
  echo "nixpkgs-partial: qg-check show against Nix, for values the real modules set:"
  $partial config-compare "$scratch/config.json" "$QG_CHECK" "$scratch/flake" "$tree" || status=1
else
  status=1
fi

if [ -n "${QG_PARTIAL_EVALUATOR:-}" ]; then
  # qg-check eval reads nothing outside its root: a copy of the tree beside oracle.nix.
  mkdir -p "$scratch/eval"
  cp -r "$tree" "$scratch/eval/nixpkgs"
  cp "$here/oracle.nix" "$scratch/flake/configuration.nix" "$scratch/eval/"
  start=$(date +%s%N)
  (cd "$scratch/eval" && QG_PARTIAL_EVAL="$QG_CHECK eval" QG_PARTIAL_ORACLE_NIX="$scratch/eval/oracle.nix" \
    $partial oracle ./nixpkgs ./configuration.nix "$scratch/qg-eval.json") || status=1
  echo "nixpkgs-partial: oracle.nix on qg's evaluator took $(elapsed "$start") s"
  echo "nixpkgs-partial: qg's evaluator running oracle.nix against Nix:"
  $partial same "$scratch/oracle.json" "$scratch/qg-eval.json" || status=1
fi

if [ -n "${QG_PARTIAL_KEEP:-}" ]; then
  mkdir -p "$QG_PARTIAL_KEEP"
  cp "$scratch"/*.json "$scratch"/*.err "$QG_PARTIAL_KEEP/" 2>/dev/null
  echo "nixpkgs-partial: outputs kept in $QG_PARTIAL_KEEP"
fi
exit $status
