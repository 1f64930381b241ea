"""revmen: Mental Revolution training, culture diagnosis and service results for ASN."""
