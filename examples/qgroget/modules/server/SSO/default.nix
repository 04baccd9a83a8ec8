# Single sign-on: LLDAP holds the users, Authelia does the login and 2FA.
{...}: {
  imports = [
    ./authelia.nix
    ./lldap.nix
  ];
}
