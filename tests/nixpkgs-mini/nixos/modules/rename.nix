# Options that were removed, and names kept for others.
{ lib, ... }:
{
  imports = [
    (lib.mkRemovedOptionModule [ "services" "oldsyslog" ] "The journal keeps the logs; there is nothing to replace it with.")
    (lib.mkAliasOptionModule [ "environment" "packages" ] [ "environment" "systemPackages" ])
  ];
}
