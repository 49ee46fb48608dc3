"""The working-day calendar table (法定节假日 and 调休), seeded from chinesecalendar, editable."""
