# error: missing-attr
{ }.a
