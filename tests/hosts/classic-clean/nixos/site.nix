{ lib, ... }:

{
  options.site.sshPort = lib.mkOption {
    type = lib.types.port;
    default = 22;
    description = "The port sshd listens on.";
  };
}
