"""Gongkai (公开): government information disclosure under the 《政府信息公开条例》 (2019)."""
