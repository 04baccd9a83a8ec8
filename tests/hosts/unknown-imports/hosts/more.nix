# Imported or not, depending on the input.
{
  services.openssh.enable = true;
}
