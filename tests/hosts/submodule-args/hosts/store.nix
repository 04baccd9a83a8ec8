{ ... }:
{
  disks.main.device = "/dev/sda";
  tool.protocol = "ssh";
}
