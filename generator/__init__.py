"""sdkgen: OpenAPI 3.0/3.1 → client SDKs and reference docs, offline.

Pipeline (imports flow one way): load → check → normalise (IR) → targets (render) → emit.
"""

__version__ = "0.1.0"
