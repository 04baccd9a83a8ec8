# The toolkit's one option: the text shown at login.
{ lib, ... }:
{
  options.toolkit.banner = lib.mkOption {
    type = lib.types.str;
    default = "welcome";
    description = "Text shown at login.";
  };
}
