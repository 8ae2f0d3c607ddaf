"""Cases (办件): every submission gets one number, and a receipt (受理回执) on acceptance."""
