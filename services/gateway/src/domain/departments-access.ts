import type { Principal } from '../auth/principal.js'

/** What the access rules need to know about a department. */
export interface DepartmentRef {
  id: string
  headUserId: string | null
}

/**
 * Who may add, deactivate or remove a department's members: administrators for every
 * department; a department head for the department they belong to or are named head of.
 * Everything else about departments (create, rename, hours, delete) is for administrators.
 */
export function canManageMembers(principal: Principal | null, department: DepartmentRef): boolean {
  if (principal?.kind !== 'user') return false
  if (principal.role === 'admin') return true
  if (principal.role !== 'head') return false
  return principal.departmentId === department.id || department.headUserId === principal.id
}

/**
 * Whom a member manager may add: administrators anyone; a head only users of that department
 * or users not yet in any department (never someone from another department).
 */
export function canAddMember(
  principal: Principal | null,
  department: DepartmentRef,
  user: { departmentId: string | null },
): boolean {
  if (!canManageMembers(principal, department)) return false
  if (principal?.kind === 'user' && principal.role === 'admin') return true
  return user.departmentId === null || user.departmentId === department.id
}
