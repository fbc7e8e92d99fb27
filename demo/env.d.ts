declare module 'virtual:demo-users' {
  const users: { userId: string; displayName: string; workspaceId: string; role: string }[];
  export default users;
}
