"""A tiny stop for sweep tests: a course, four patients in three families, three teams
over two visit days and four households. Small enough to solve in a second or two."""

TINY = """\
name: Tiny stop
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
  - id: hem-2
    name: Dr B
    hospital: H
    skills: [hematology]
    available: [{date: 2025-07-05, start: "13:00", end: "17:00"}]
services:
  - {id: mdt, name: MDT, duration_min: 30, needs: [hematology], room_kind: consult}
trainings:
  - {id: course, title: Course, date: 2025-07-05, window: {start: "08:30", end: "10:30"},
     duration_min: 60, lecturers: [hematology], expected: 50, room_kind: lecture}
patients:
  - {id: p1, family: f1, severity: severe,
     arrives: 2025-07-05T09:00, leaves: 2025-07-05T12:00, needs: [mdt]}
  - {id: p2, family: f1, relation: sibling, severity: intermediate,
     arrives: 2025-07-05T09:00, leaves: 2025-07-05T12:00, needs: [mdt]}
  - {id: p3, family: f2, severity: carrier,
     arrives: 2025-07-05T13:00, leaves: 2025-07-05T16:00, needs: [mdt]}
  - {id: p4, family: f3, severity: unknown,
     arrives: 2025-07-05T14:00, leaves: 2025-07-05T16:30, needs: [mdt]}
visits:
  days: [2025-07-06, 2025-07-07]
  teams:
    - {id: team-a, start: {lat: 27.33, lon: 103.72}, shift: {start: "08:00", end: "12:00"}}
    - {id: team-b, start: {lat: 27.33, lon: 103.72}, shift: {start: "08:00", end: "12:00"},
       days: [2025-07-07]}
    - {id: team-c, start: {lat: 27.33, lon: 103.72}, shift: {start: "08:00", end: "12:00"}}
  households:
    - {id: h1, village: V1, location: {lat: 27.40, lon: 103.60}, service_min: 60, patients: [p3]}
    - {id: h2, village: V2, location: {lat: 27.25, lon: 103.80}, service_min: 60}
    - {id: h3, village: V3, location: {lat: 27.45, lon: 103.75}, service_min: 60,
       days: [2025-07-07]}
    - {id: h4, village: V4, location: {lat: 27.30, lon: 103.65}, service_min: 60, required: false}
"""
