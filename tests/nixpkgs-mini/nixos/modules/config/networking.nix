{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.networking;
in
{
  options.networking = {
    hostName = mkOption {
      type = types.strMatching "^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$";
      default = "nixos";
      description = "The name of the machine (letters, digits, `-` and `_`; no dots).";
    };
    domain = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "home.arpa";
      description = "The domain of the machine.";
    };
    fqdn = mkOption {
      readOnly = true;
      type = types.str;
      default = if cfg.domain != null then "${cfg.hostName}.${cfg.domain}" else cfg.hostName;
      defaultText = lib.literalExpression ''"''${networking.hostName}.''${networking.domain}"'';
      description = "The fully qualified name of the machine.";
    };
    firewall = {
      enable = mkOption {
        type = types.bool;
        default = true;
        description = "Whether to enable the firewall.";
      };
      allowedTCPPorts = mkOption {
        type = types.listOf types.port;
        default = [ ];
        example = [ 22 80 ];
        description = "TCP ports open to everyone.";
      };
    };
  };
}
