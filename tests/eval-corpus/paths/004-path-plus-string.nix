[ (/base + "/sub") (/base + "suffix") (/base/dir + "/../up") ]
