# Linux hosts only.
{
  services.openssh.enable = true;
}
