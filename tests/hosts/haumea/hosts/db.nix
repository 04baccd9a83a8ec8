# Host db.
{
  networking.hostName = "db";
}
