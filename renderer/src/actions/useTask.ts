// Progress of a long action (save, restore, clone, migrate): the backend's taskProgress events
// for a task id the dialog chose before calling.
import { useEffect, useState } from 'react';
import type { TaskProgress } from '../../../shared/api';
import { useServices } from '../appContext';

let seq = 0;
export function newTaskId(kind: string): string {
  return `ui-${kind}-${Date.now().toString(36)}-${++seq}`;
}

export function useTaskProgress(taskId: string | null): TaskProgress | null {
  const { client } = useServices();
  const [p, setP] = useState<TaskProgress | null>(null);
  useEffect(() => {
    setP(null);
    if (!taskId) return;
    return client.on('taskProgress', (e) => {
      if (e.taskId === taskId) setP(e);
    });
  }, [client, taskId]);
  return p;
}
