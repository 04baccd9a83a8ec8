{ lib, ... }:
{
  options.site.name = lib.mkOption { type = lib.types.str; };
}
