"""seclint: audit Oracle Cloud networks against what Oracle Kubernetes Engine needs."""

__version__ = "0.1.0"
