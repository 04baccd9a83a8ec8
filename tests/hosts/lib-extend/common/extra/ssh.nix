# Remote access.
{
  services.openssh.enable = true;
}
