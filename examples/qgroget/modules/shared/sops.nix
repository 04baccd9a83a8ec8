# sops-nix wiring shared by every host. Secrets themselves are declared next to
# the module that consumes them.
{config, ...}: {
  sops = {
    defaultSopsFile = ../../secrets/secrets.yaml;
    defaultSopsFormat = "yaml";

    age = {
      keyFile = config.qgroget.secretAgeKeyPath;
      # Only the dedicated age key, not the SSH host keys.
      sshKeyPaths = [];
      generateKey = false;
    };
    gnupg.sshKeyPaths = [];
  };
}
