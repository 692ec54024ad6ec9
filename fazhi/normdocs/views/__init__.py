"""Pages of the normdocs module: public (``public``) and staff (``staff``)."""
