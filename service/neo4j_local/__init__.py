"""The local Neo4j (Maven Central jars, no Docker) and the one way to find a Neo4j."""

from service.neo4j_local.launcher import LocalNeo4jConfig, Neo4jLaunchError
from service.neo4j_local.locate import Neo4jTarget, neo4j_target

__all__ = ["LocalNeo4jConfig", "Neo4jLaunchError", "Neo4jTarget", "neo4j_target"]
