"""The statutory core: plain Python modules that import no Django."""
