/** True when a drag carries files from the OS (not text or a link dragged inside the page). */
export function isFileDrag(event: React.DragEvent | DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

export function droppedFiles(event: React.DragEvent | DragEvent): File[] {
  return Array.from(event.dataTransfer?.files ?? []);
}
