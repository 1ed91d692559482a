"""Distances for the planner: straight-line kilometres between WGS 84 positions.

A local flat projection (equirectangular around the data's mean latitude) is exact to well under
1 % within a metropole, and lets a k-d tree find the activities within each person's reach. The
distance is "as the crow flies": no road or transit network is available offline, so pages say so.
"""

from __future__ import annotations

import numpy as np

KM_PER_DEGREE_LATITUDE = 110.574
KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.320


def to_km(latitude, longitude, reference_latitude: float) -> np.ndarray:
    """(n, 2) array of km east and north of (0, 0), flat around ``reference_latitude``."""
    lat, lon = np.asarray(latitude, float), np.asarray(longitude, float)
    east = lon * KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * np.cos(np.radians(reference_latitude))
    return np.column_stack([east, lat * KM_PER_DEGREE_LATITUDE])


def parse_position(text: str) -> tuple[float, float]:
    """« 50,6292 ; 3,0573 » or "50.6292, 3.0573" (latitude then longitude, as maps copy them)."""
    cleaned = (text or "").strip().replace(";", " ").replace("\t", " ")
    parts = cleaned.split()
    if len(parts) != 2:
        # "50.6292,3.0573": a comma between two dotted numbers.
        if cleaned.count(",") == 1 and cleaned.count(".") == 2:
            parts = cleaned.split(",")
        else:
            raise ValueError("expected a latitude and a longitude")
    latitude, longitude = (float(p.strip().rstrip(",").replace(",", ".")) for p in parts)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError("latitude or longitude out of range")
    return latitude, longitude
