"""The touring-clinic planner: plans the stops of a touring thalassemia clinic."""

__version__ = "0.1.0"
