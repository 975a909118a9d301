package org.openkiosk.device.printer;

/** The roll paper sensor: plenty, nearly used up (print, but tell a technician), or none. */
public enum PaperState { OK, NEAR_END, END }
