"""A minimal valid scenario as YAML text, for tests that break one thing at a time."""

MINIMAL = """\
name: Test stop
venues:
  - id: v1
    name: Venue
    location: {lat: 27.33, lon: 103.72}
    open: [{date: 2025-07-05, start: "07:30", end: "18:00"}]
    rooms:
      - {id: c1, kind: consult}
      - {id: hall, kind: lecture, seats: 100}
experts:
  - id: hem-1
    name: Dr A
    hospital: H
    skills: [hematology]
    available: [{date: 2025-07-05, start: "08:00", end: "17:00"}]
services:
  - {id: mdt, name: MDT, duration_min: 30, needs: [hematology], room_kind: consult}
  - {id: hla, name: HLA, duration_min: 10, needs: [genetics], room_kind: consult}
patients:
  - {id: p1, family: f1, arrives: 2025-07-05T09:00, leaves: 2025-07-05T12:00, needs: [mdt]}
visits:
  days: [2025-07-06]
  teams:
    - id: team-a
      start: {lat: 27.33, lon: 103.72}
      shift: {start: "08:00", end: "18:00"}
  households:
    - {id: h1, village: V, location: {lat: 27.4, lon: 103.6}}
"""
