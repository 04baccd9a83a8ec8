{ ... }:
{
  site.name = "gate";
}
