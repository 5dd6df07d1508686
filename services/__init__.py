"""The OecherLab services, one bounded context each."""
